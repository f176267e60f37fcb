import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionsMenu } from './ActionsMenu';

afterEach(cleanup);

function renderMenu() {
  const chosen = vi.fn();
  const items = ['Disable', 'Reset password', 'End sessions', 'Delete'].map((label) => ({ id: label, label, onSelect: () => chosen(label) }));
  render(<ActionsMenu subject="alice" items={items} />);
  return { chosen, button: screen.getByRole('button', { name: 'Actions for alice' }) };
}

describe('ActionsMenu', () => {
  it('works from the keyboard: arrows, Home/End, a first letter, Escape back to the button', async () => {
    const { button, chosen } = renderMenu();
    const user = userEvent.setup();
    button.focus();

    await user.keyboard('{ArrowDown}');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('menu', { name: 'Actions for alice' })).toBeDefined();
    expect(document.activeElement?.textContent).toBe('Disable');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement?.textContent).toBe('Delete');
    await user.keyboard('{Home}');
    expect(document.activeElement?.textContent).toBe('Disable');
    await user.keyboard('e');
    expect(document.activeElement?.textContent).toBe('End sessions');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);

    await user.keyboard('{ArrowUp}');
    expect(document.activeElement?.textContent).toBe('Delete');
    await user.keyboard('{Enter}');
    expect(chosen).toHaveBeenCalledWith('Delete');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('closes when the person clicks elsewhere', async () => {
    const { button, chosen } = renderMenu();
    const user = userEvent.setup();

    await user.click(button);
    expect(screen.getAllByRole('menuitem')).toHaveLength(4);
    await user.click(document.body);

    expect(screen.queryByRole('menu')).toBeNull();
    expect(chosen).not.toHaveBeenCalled();
  });
});
