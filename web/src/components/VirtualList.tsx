import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Accessible name of the listbox. */
  label: string;
  renderRow(item: T, index: number): ReactNode;
  rowKey(item: T, index: number): string | number;
  /** Id of the option that is active, for aria-activedescendant. */
  optionId(item: T): string;
  activeIndex?: number;
  onActivate?(index: number): void;
  /** Called when the user scrolls within `endThreshold` rows of the end. */
  onEndReached?(): void;
  endThreshold?: number;
  overscan?: number;
  /** Used until the container can be measured (and in environments without layout, such as jsdom). */
  initialHeight?: number;
}

export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return [first, Math.max(first, last)];
}

/**
 * Fixed-height windowing: only the rows in view (plus a few either side) exist in the DOM, so a
 * list of ten thousand conversations costs the same to scroll as a list of twenty.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, overscan = 6, endThreshold = 10, initialHeight = 800, activeIndex = -1 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(initialHeight);
  const endCalledFor = useRef(-1);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      if (el.clientHeight > 0) setViewport(el.clientHeight);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the active row in view when it moves by keyboard.
  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight && el.clientHeight > 0) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeIndex, rowHeight]);

  const [first, last] = visibleRange(scrollTop, viewport, rowHeight, items.length, overscan);

  useEffect(() => {
    if (!props.onEndReached || items.length === 0) return;
    if (last >= items.length - endThreshold && endCalledFor.current !== items.length) {
      endCalledFor.current = items.length;
      props.onEndReached();
    }
  }, [last, items.length, endThreshold, props.onEndReached]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (!props.onActivate || items.length === 0) return;
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(items.length - 1, activeIndex + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, activeIndex - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    if (next >= 0) {
      e.preventDefault();
      props.onActivate(next);
    }
  }

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i] as T;
    rows.push(
      <div
        key={props.rowKey(item, i)}
        id={props.optionId(item)}
        role="option"
        aria-selected={i === activeIndex}
        aria-posinset={i + 1}
        aria-setsize={items.length}
        className={i === activeIndex ? 'vrow vrow-active' : 'vrow'}
        style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}
        onClick={() => props.onActivate?.(i)}
      >
        {props.renderRow(item, i)}
      </div>,
    );
  }

  const active = activeIndex >= 0 && activeIndex < items.length ? items[activeIndex] : undefined;
  return (
    <div
      ref={ref}
      className="vlist"
      role="listbox"
      aria-label={props.label}
      tabIndex={0}
      aria-activedescendant={active !== undefined && activeIndex >= first && activeIndex < last ? props.optionId(active) : undefined}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div aria-hidden="true" className="vlist-sizer" style={{ height: items.length * rowHeight }} />
      {rows}
    </div>
  );
}
