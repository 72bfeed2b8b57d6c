import 'dayjs/locale/zh-cn';
import './styles.css';
import dayjs from 'dayjs';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadScreen } from './App';
import { zh } from './i18n/zh';

preloadScreen(window.location.pathname);
dayjs.locale('zh-cn');
document.title = zh.app.name;

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
