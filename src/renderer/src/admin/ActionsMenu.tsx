import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ChevronDownIcon } from '../components/Icons';

export interface MenuAction {
  id: string;
  label: string;
  danger?: boolean;
  onSelect: () => void;
}

interface ActionsMenuProps {
  /** Who the actions are for; it completes the button's name, "Actions for alice". */
  subject: string;
  items: readonly MenuAction[];
}

type Opening = 'first' | 'last';

const GAP = 4;
const MARGIN = 8;

/** Puts the menu under its button, right edges aligned, or above it when there is no room below. */
function placeMenu(button: HTMLElement | null, menu: HTMLElement | null): void {
  if (!button || !menu) return;
  const anchor = button.getBoundingClientRect();
  const size = menu.getBoundingClientRect();
  const below = anchor.bottom + GAP;
  const above = anchor.top - GAP - size.height;
  const fitsBelow = below + size.height <= window.innerHeight - MARGIN;
  const top = fitsBelow || above < MARGIN ? below : above;
  const left = Math.max(MARGIN, Math.min(anchor.right - size.width, window.innerWidth - size.width - MARGIN));
  menu.style.top = `${Math.round(top)}px`;
  menu.style.left = `${Math.round(left)}px`;
  menu.style.visibility = 'visible';
}

/**
 * A menu button (WAI-ARIA APG pattern): arrow keys, Home/End and a first letter move between the
 * items, Escape closes and returns to the button, Tab closes and moves on. The menu is placed
 * with position: fixed, because the table it sits in scrolls sideways and would clip it; it
 * follows its button when anything scrolls.
 */
export function ActionsMenu({ subject, items }: ActionsMenuProps) {
  const [opening, setOpening] = useState<Opening | null>(null);
  const open = opening !== null;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const buttonId = useId();
  const menuId = useId();

  const itemElements = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!opening || !menu) return;
    placeMenu(buttonRef.current, menu);
    const items = Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
    // preventScroll: the menu is placed already; focusing must not scroll the table under it.
    (opening === 'first' ? items[0] : items.at(-1))?.focus({ preventScroll: true });
  }, [opening]);

  useEffect(() => {
    if (!open) return;
    // A fixed menu follows its button when the page or the table scrolls.
    const follow = () => placeMenu(buttonRef.current, menuRef.current);
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpening(null);
    };
    window.addEventListener('scroll', follow, true);
    window.addEventListener('resize', follow);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('scroll', follow, true);
      window.removeEventListener('resize', follow);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const closeToButton = () => {
    setOpening(null);
    buttonRef.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpening(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const elements = itemElements();
    const index = elements.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => elements[(i + elements.length) % elements.length]?.focus({ preventScroll: true });
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusAt(index + 1);
        return;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(index - 1);
        return;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        return;
      case 'End':
        event.preventDefault();
        focusAt(elements.length - 1);
        return;
      case 'Escape':
        event.preventDefault();
        closeToButton();
        return;
      case 'Tab':
        setOpening(null);
        return;
      default:
        if (event.key.length === 1 && /\S/u.test(event.key)) {
          const letter = event.key.toLowerCase();
          const order = [...elements.slice(index + 1), ...elements.slice(0, index + 1)];
          order.find((el) => el.textContent?.trim().toLowerCase().startsWith(letter))?.focus({ preventScroll: true });
        }
    }
  };

  return (
    <div className="menu">
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className="button button--secondary button--compact"
        // The visible word starts the name (WCAG label in name); the name says whose actions.
        aria-label={`Actions for ${subject}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpening(open ? null : 'first')}
        onKeyDown={onButtonKeyDown}
      >
        Actions
        <ChevronDownIcon className="menu__chevron" />
      </button>
      {open && (
        <ul ref={menuRef} id={menuId} role="menu" aria-labelledby={buttonId} className="menu__list" onKeyDown={onMenuKeyDown}>
          {items.map((item) => (
            <li key={item.id} role="none" className={item.danger ? 'menu__entry menu__entry--danger' : 'menu__entry'}>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="menu__item"
                onClick={() => {
                  closeToButton();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
