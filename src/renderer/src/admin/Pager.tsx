import { ChevronLeftIcon, ChevronRightIcon } from '../components/Icons';

interface PagerProps {
  /** Names the navigation landmark, e.g. "Pages of users". */
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Previous / Next with "Page N of M". The ends are aria-disabled rather than disabled so a
 * keyboard user who pressed Next onto the last page keeps their focus on the button.
 */
export function Pager({ label, page, pageSize, total, onPage }: PagerProps) {
  const pages = pageCount(total, pageSize);
  const atStart = page <= 1;
  const atEnd = page >= pages;
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="button button--secondary pager__button"
        aria-disabled={atStart || undefined}
        onClick={() => !atStart && onPage(page - 1)}
      >
        <ChevronLeftIcon />
        Previous
      </button>
      <p className="pager__status">
        Page {Math.min(page, pages)} of {pages}
      </p>
      <button
        type="button"
        className="button button--secondary pager__button"
        aria-disabled={atEnd || undefined}
        onClick={() => !atEnd && onPage(page + 1)}
      >
        Next
        <ChevronRightIcon />
      </button>
    </nav>
  );
}
