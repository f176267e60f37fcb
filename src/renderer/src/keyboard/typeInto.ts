/**
 * Edits a field the way a person typing would, so React sees it: React tracks an input's value
 * through the native setter, so the value is set with HTMLInputElement's own setter and an
 * `input` event follows; onChange then fires as for a real keystroke. Nothing here keeps or
 * reports what was typed.
 */
const valueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;

/** The caret, or the end when the field has none (email and number fields do not expose one). */
function selection(input: HTMLInputElement): [number, number] {
  try {
    const start = input.selectionStart;
    const end = input.selectionEnd;
    if (start !== null && end !== null) return [start, end];
  } catch {
    // Some input types throw instead of answering null.
  }
  return [input.value.length, input.value.length];
}

function setCaret(input: HTMLInputElement, at: number): void {
  try {
    input.setSelectionRange(at, at);
  } catch {
    // No caret to place on this input type.
  }
}

function commit(input: HTMLInputElement, value: string, caret: number, inputType: string, data: string | null): void {
  valueSetter?.call(input, value);
  input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data }));
  setCaret(input, caret);
}

/** Types text at the caret, replacing any selection, within the field's maxlength. */
export function insertText(input: HTMLInputElement, text: string): void {
  const [start, end] = selection(input);
  const value = input.value;
  const room = input.maxLength >= 0 ? input.maxLength - (value.length - (end - start)) : Infinity;
  if (room <= 0) return;
  const typed = text.slice(0, room);
  commit(input, value.slice(0, start) + typed + value.slice(end), start + typed.length, 'insertText', typed);
}

/** Deletes the selection, or the character before the caret. */
export function deleteBackward(input: HTMLInputElement): void {
  const [start, end] = selection(input);
  if (start === end && start === 0) return;
  const from = start === end ? start - 1 : start;
  const value = input.value;
  commit(input, value.slice(0, from) + value.slice(end), from, 'deleteContentBackward', null);
}

/** Enter on a field submits its form, as the Enter key of a real keyboard does. */
export function submitForm(input: HTMLInputElement): void {
  input.form?.requestSubmit();
}
