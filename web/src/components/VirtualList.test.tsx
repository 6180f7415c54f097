// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { VirtualList, visibleRange } from './VirtualList.js';

afterEach(cleanup);

const ITEMS = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, title: `Conversation ${i + 1}` }));

function renderList(props: { onEndReached?: () => void; activeIndex?: number; onActivate?: (i: number) => void } = {}) {
  return render(
    <VirtualList
      items={ITEMS}
      rowHeight={50}
      initialHeight={500}
      overscan={5}
      label="Conversations"
      rowKey={(c) => c.id}
      optionId={(c) => `c-${c.id}`}
      renderRow={(c) => <span>{c.title}</span>}
      {...props}
    />,
  );
}

describe('VirtualList', () => {
  it('renders only a window of 10,000 rows', () => {
    renderList();
    const options = screen.getAllByRole('option');
    // 500px of 50px rows is 10 visible, plus 5 below as overscan.
    expect(options).toHaveLength(15);
    expect(options[0]!.textContent).toBe('Conversation 1');
    expect(options[0]!.getAttribute('aria-setsize')).toBe('10000');
    expect(screen.queryByText('Conversation 16')).toBeNull();
    // The scroll height still stands for every row.
    const sizer = screen.getByRole('listbox').querySelector('.vlist-sizer') as HTMLElement;
    expect(sizer.style.height).toBe('500000px');
  });

  it('moves the window on scroll and places rows at their offset', () => {
    renderList();
    const box = screen.getByRole('listbox');
    box.scrollTop = 250_000;
    fireEvent.scroll(box);
    const options = screen.getAllByRole('option');
    expect(options.length).toBeLessThanOrEqual(20);
    expect(options[0]!.textContent).toBe('Conversation 4996');
    expect((options[0] as HTMLElement).style.top).toBe(`${4995 * 50}px`);
    expect(screen.getByText('Conversation 5001')).toBeTruthy();
    expect(screen.queryByText('Conversation 1')).toBeNull();
  });

  it('asks for more near the end, once per length', () => {
    const onEndReached = vi.fn();
    renderList({ onEndReached });
    expect(onEndReached).not.toHaveBeenCalled();
    const box = screen.getByRole('listbox');
    box.scrollTop = 10_000 * 50 - 500;
    fireEvent.scroll(box);
    fireEvent.scroll(box);
    expect(onEndReached).toHaveBeenCalledTimes(1);
  });

  it('marks the active row and moves with arrow keys', () => {
    const onActivate = vi.fn();
    renderList({ activeIndex: 2, onActivate });
    const box = screen.getByRole('listbox');
    expect(box.getAttribute('aria-activedescendant')).toBe('c-3');
    expect(screen.getByText('Conversation 3').parentElement!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(onActivate).toHaveBeenCalledWith(3);
  });

  it('computes ranges at the edges', () => {
    expect(visibleRange(0, 0, 50, 0, 5)).toEqual([0, 0]);
    expect(visibleRange(1000, 500, 50, 25, 5)).toEqual([15, 25]);
  });
});
