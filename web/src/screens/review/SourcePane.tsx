import { Empty } from 'antd';
import { type KeyboardEvent, type MouseEvent, memo, type ReactNode, useEffect, useMemo, useRef } from 'react';
import type { PlanTask, PlanWarning } from '../../api/types';
import { zh } from '../../i18n/zh';
import { buildSegments, type Segment } from './segments';

interface Props {
  text: string | null;
  tasks: readonly PlanTask[];
  warnings: readonly PlanWarning[];
  selected: number | null;
  /** Bumped when the selection came from the task list, so the source scrolls to it. */
  scrollTick: number;
  onSelect: (taskId: number) => void;
}

/**
 * The plan as it was read, with every task's fields marked where they were printed. Clicking a marked run
 * selects its task; selecting a task elsewhere scrolls here to where it starts.
 */
export function SourcePane({ text, tasks, warnings, selected, scrollTick, onSelect }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const segments = useMemo(() => (text ? buildSegments(text, tasks, warnings) : []), [text, tasks, warnings]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scrollTick is what asks for the scroll
  useEffect(() => {
    if (selected === null || !box.current) return;
    const target = box.current.querySelector<HTMLElement>(`[data-anchor~="${selected}"]`);
    if (!target) return;
    const top = target.offsetTop - box.current.clientHeight / 3;
    box.current.scrollTo({ top: Math.max(0, top), behavior: 'smooth' });
  }, [scrollTick]);

  if (!text) return <Empty description={zh.review.noSource} />;

  const pick = (e: MouseEvent | KeyboardEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-task]');
    const id = Number(el?.dataset.task);
    if (id) onSelect(id);
  };

  return (
    <div
      ref={box}
      className="tz-source"
      data-testid="source-pane"
      onClick={pick}
      onKeyDown={(e) => {
        if (e.key === 'Enter') pick(e);
      }}
      role="document"
    >
      <Runs text={text} segments={segments} selected={selected} />
    </div>
  );
}

const Runs = memo(function Runs({
  text,
  segments,
  selected,
}: {
  text: string;
  segments: Segment[];
  selected: number | null;
}) {
  const out: ReactNode[] = [];
  for (const s of segments) {
    const piece = text.slice(s.start, s.end);
    if (s.task === null && s.warning === null && s.anchors.length === 0) {
      out.push(piece);
      continue;
    }
    const cls = ['tz-src'];
    if (s.task !== null) cls.push('tz-src-task');
    if (s.field) cls.push(`tz-src-${s.field}`);
    if (s.warning !== null) cls.push('tz-src-warning');
    if (s.task !== null && s.task === selected) cls.push('tz-src-selected');
    out.push(
      <span
        key={s.start}
        className={cls.join(' ')}
        data-task={s.task ?? undefined}
        data-field={s.field ?? undefined}
        data-anchor={s.anchors.length ? s.anchors.join(' ') : undefined}
      >
        {piece}
      </span>,
    );
  }
  return <>{out}</>;
});
