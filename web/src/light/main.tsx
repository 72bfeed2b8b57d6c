/** @jsxImportSource preact */
import '../styles.css';
import './light.css';
import { render } from 'preact';
import { zhCore as zh } from '../i18n/zh-core';
import { LoginScreen } from './LoginScreen';
import { startLoginChecks } from './login-data';
import { MyTasksScreen } from './MyTasksScreen';
import { startFirstLoad } from './my-data';

/**
 * The two screens most people open first, the login page and a unit's 我的任务, without React or antd: plain
 * markup and Preact, so they are usable in about the time a blank page takes (issue: first load). The
 * server serves this page for /login and /my; every other path loads the full application.
 */
document.title = zh.app.name;
const root = document.getElementById('root');
if (root) {
  // 我的任务's requests go out before anything is drawn.
  if (window.location.pathname.startsWith('/my')) render(<MyTasksScreen first={startFirstLoad()} />, root);
  else render(<LoginScreen checks={startLoginChecks()} />, root);
}
