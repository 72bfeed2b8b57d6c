import { Empty } from 'antd';
import { useState } from 'react';
import type { TaskView } from '../../api/types';
import { zh } from '../../i18n/zh';

const SHOWN = 20;

/** What happened to the task and its units, newest first, each event one sentence. */
export function HistoryTable({ history }: { history: TaskView['history'] }) {
  const [all, setAll] = useState(false);
  if (history.length === 0) return <Empty description={zh.task.noHistory} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const shown = all ? history : history.slice(0, SHOWN);
  return (
    <>
      <ol className="tz-history" data-testid="task-history">
        {shown.map((h) => (
          <li key={`${h.at}-${h.action}-${h.sentence}`} className="tz-history-event" data-testid="history-event">
            {h.sentence}
          </li>
        ))}
      </ol>
      {history.length > SHOWN && !all ? (
        <button type="button" className="tz-link-button" onClick={() => setAll(true)}>
          {zh.task.historyMore(history.length - SHOWN)}
        </button>
      ) : null}
    </>
  );
}
