import { configure } from '@testing-library/dom';

// The first screen is lazy-loaded; on a loaded 2-core CI machine its first render has taken
// longer than Testing Library's 1 s default wait. A longer wait changes no assertion.
configure({ asyncUtilTimeout: 5_000 });

/**
 * What the renderer's tests need and jsdom lacks. jsdom has no showModal() or close() on
 * <dialog>; this stand-in opens and closes it the way the browser does, minus the inert page
 * behind it, so production code needs no fallback of its own.
 */
const proto = HTMLDialogElement.prototype;
if (typeof proto.showModal !== 'function') {
  Object.defineProperty(proto, 'showModal', {
    configurable: true,
    value(this: HTMLDialogElement) {
      this.open = true;
    },
  });
  Object.defineProperty(proto, 'close', {
    configurable: true,
    value(this: HTMLDialogElement) {
      if (!this.open) return;
      this.open = false;
      this.dispatchEvent(new Event('close'));
    },
  });
}
