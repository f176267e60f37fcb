/** Moves focus to a form's input by its name (inputs carry their payload key as `name`). */
export function focusField(form: HTMLFormElement, name: string): void {
  const element = form.elements.namedItem(name);
  if (element instanceof HTMLElement) element.focus();
}
