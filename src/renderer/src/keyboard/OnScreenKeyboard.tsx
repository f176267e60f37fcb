/**
 * The app's own on-screen keyboard (touch kiosks often have none: Electron brings none on
 * Linux). Mounted once at the app root; it follows focus, so every text and password field gets
 * it without knowing about it. It docks at the bottom of the window and makes room below the
 * page, so it never covers the field being typed into.
 *
 * Security: it keeps no keystrokes (the field's value is the only copy, as with a real
 * keyboard) and, on a password field, a tapped character key shows no highlight that would
 * reveal it to someone watching.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { createPortal } from 'react-dom';
import { isTypable, keyName, LAYERS, layerFor, type FunctionKey, type Key, type LayerName } from './layouts';
import { deleteBackward, insertText, submitForm } from './typeInto';
import './keyboard.css';

/** Room kept between the field and the keyboard's top edge. */
const GAP_PX = 16;

function keepFocus(event: PointerEvent | MouseEvent): void {
  // A tap on a key must not move focus off the field (and must not close the keyboard).
  event.preventDefault();
}

/** How long after a pointer press a focus change still counts as part of that press. */
const PRESS_MS = 1000;
/** The longest wait for the click that ends a press before closing anyway. */
const CLICK_WAIT_MS = 600;

/**
 * The field being typed into, kept while focus is in the field or on the keyboard itself.
 *
 * Closing waits for the press that moved focus to finish: the keyboard's height is room taken
 * from the page, so closing it at pointerdown moves the page under the finger, and the
 * button tapped (say "Sign in") would miss its click.
 */
function useTarget(keyboard: React.RefObject<HTMLElement | null>): HTMLInputElement | null {
  const [target, setTarget] = useState<HTMLInputElement | null>(() =>
    isTypable(document.activeElement) ? document.activeElement : null,
  );

  useEffect(() => {
    let lastPress = -Infinity;
    let pendingClose: { timer: number; onClick: () => void } | null = null;

    const cancelClose = () => {
      if (!pendingClose) return;
      window.clearTimeout(pendingClose.timer);
      document.removeEventListener('click', pendingClose.onClick, true);
      pendingClose = null;
    };
    /** Follows wherever focus is now: a field, the keyboard (keep), or elsewhere (close). */
    const settle = () => {
      cancelClose();
      const active = document.activeElement;
      if (isTypable(active)) setTarget(active);
      else if (!(active && keyboard.current?.contains(active))) setTarget(null);
    };
    const closeSoon = () => {
      if (performance.now() - lastPress > PRESS_MS) {
        settle();
        return;
      }
      if (pendingClose) return;
      // After the click's own handlers have run, so the click lands where the finger was.
      const onClick = () => window.setTimeout(settle, 0);
      pendingClose = { timer: window.setTimeout(settle, CLICK_WAIT_MS), onClick };
      document.addEventListener('click', onClick, true);
    };

    const onPointerDown = (event: globalThis.PointerEvent) => {
      lastPress = performance.now();
      // A tap on the field that already has the cursor (the sign-in screen puts it in the
      // username on load) fires no focusin, yet it is the tap that asks for the keyboard.
      if (isTypable(event.target)) {
        cancelClose();
        setTarget(event.target);
      }
    };
    const onFocusIn = (event: FocusEvent) => {
      if (isTypable(event.target)) {
        cancelClose();
        setTarget(event.target);
      } else if (!keyboard.current?.contains(event.target as Node)) {
        closeSoon();
      }
    };
    const onFocusOut = (event: FocusEvent) => {
      // Focus leaving for nowhere (a tap on the page's background) closes the keyboard.
      if (event.relatedTarget === null) closeSoon();
    };
    // A field removed while focused (the screen changed) fires no focusout.
    const observer = new MutationObserver(() => {
      setTarget((current) => (current && !current.isConnected ? null : current));
    });
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      cancelClose();
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      observer.disconnect();
    };
  }, [keyboard]);

  return target;
}

/**
 * Tells the page how tall the keyboard is (a spacer after the page and scroll padding use it),
 * then scrolls the field into the space left above the keyboard.
 */
function useRoomFor(keyboard: HTMLElement | null, target: HTMLInputElement | null): void {
  useLayoutEffect(() => {
    if (!keyboard || !target) return;
    const root = document.documentElement;
    const makeRoom = () => {
      root.style.setProperty('--osk-height', `${keyboard.offsetHeight + GAP_PX}px`);
      const limit = window.innerHeight - keyboard.offsetHeight - GAP_PX;
      const box = target.getBoundingClientRect();
      if (box.bottom > limit || box.top < 0) target.scrollIntoView({ block: 'nearest' });
    };
    root.classList.add('osk-open');
    makeRoom();
    // Layers differ in height; jsdom (unit tests) has no ResizeObserver.
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(makeRoom) : null;
    resize?.observe(keyboard);
    window.addEventListener('resize', makeRoom);
    return () => {
      resize?.disconnect();
      window.removeEventListener('resize', makeRoom);
      root.classList.remove('osk-open');
      root.style.removeProperty('--osk-height');
    };
  }, [keyboard, target]);
}

export function OnScreenKeyboard() {
  const region = useRef<HTMLDivElement | null>(null);
  const [mounted, setMounted] = useState<HTMLDivElement | null>(null);
  const target = useTarget(region);
  const [shift, setShift] = useState(false);
  const [layer, setLayer] = useState<LayerName>('letters');
  useRoomFor(mounted, target);

  // Each field starts on the layer its type asks for, unshifted.
  const fieldLayer = target ? layerFor(target) : 'letters';
  const [shownFor, setShownFor] = useState<HTMLInputElement | null>(null);
  if (target !== shownFor) {
    setShownFor(target);
    setLayer(fieldLayer);
    setShift(false);
  }

  const attach = useCallback((node: HTMLDivElement | null) => {
    region.current = node;
    setMounted(node);
  }, []);

  if (!target) return null;
  const secret = target.type === 'password';

  const press = (key: Key) => {
    if ('char' in key) {
      insertText(target, shift ? key.char.toUpperCase() : key.char);
      setShift(false);
      return;
    }
    switch (key.fn) {
      case 'Shift':
        setShift((on) => !on);
        return;
      case 'Backspace':
        deleteBackward(target);
        return;
      case 'Enter':
        submitForm(target);
        return;
      case 'Space':
        insertText(target, ' ');
        return;
      case 'Symbols':
        setLayer('symbols');
        return;
      case 'Letters':
        setLayer('letters');
        return;
    }
  };

  const keyboard = (
    <div
      ref={attach}
      role="region"
      aria-label="On-screen keyboard"
      className={secret ? 'osk osk--secret' : 'osk'}
      data-layer={layer}
      onPointerDown={keepFocus}
      onMouseDown={keepFocus}
    >
      {LAYERS[layer].map((row, r) => (
        <div className="osk__row" key={`${layer}-${r}`}>
          {row.map((key) => {
            const name = keyName(key, shift);
            const isFn = 'fn' in key;
            return (
              <button
                key={isFn ? key.fn : key.char}
                type="button"
                className={isFn ? `osk__key osk__key--fn osk__key--${key.fn.toLowerCase()}` : 'osk__key osk__key--char'}
                aria-pressed={isFn && key.fn === 'Shift' ? shift : undefined}
                onClick={() => press(key)}
              >
                {isFn ? <FunctionLabel name={key.fn} /> : name}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );

  // A modal <dialog> makes everything outside it inert, so inside one the keyboard lives in it.
  const host = target.closest('dialog') ?? document.body;
  return createPortal(keyboard, host);
}

/** What a function key shows; its accessible name stays the plain word. */
function FunctionLabel({ name }: { name: FunctionKey }) {
  const symbols: Partial<Record<FunctionKey, string>> = { Shift: '⇧', Backspace: '⌫', Enter: '⏎', Symbols: '?123', Letters: 'ABC' };
  const symbol = symbols[name];
  if (!symbol) return <>{name}</>;
  return (
    <>
      <span aria-hidden="true">{symbol}</span>
      <span className="visually-hidden">{name}</span>
    </>
  );
}
