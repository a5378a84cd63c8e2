/**
 * Light/dark theme: follows the system unless the user chose one (Settings → Appearance). The
 * choice is a device-level UI preference, kept in localStorage (it says nothing about the user),
 * and applied as <html data-theme>; app.css holds both palettes.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'parley-theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return CHOICES.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = choice;
}

export class ThemeManager {
  choice = $state<ThemeChoice>(stored());

  constructor() {
    apply(this.choice);
  }

  set(choice: ThemeChoice): void {
    if (!CHOICES.includes(choice)) return;
    this.choice = choice;
    apply(choice);
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // Storage unavailable (private mode quotas): the choice holds for this page only.
    }
  }
}

let manager: ThemeManager | null = null;

export function themeManager(): ThemeManager {
  manager ??= new ThemeManager();
  return manager;
}
