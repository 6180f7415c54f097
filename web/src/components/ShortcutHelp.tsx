import { useEffect, useRef } from 'react';
import { useI18n, type MessageKey } from '../i18n.js';

const SHORTCUTS: readonly [string, MessageKey][] = [
  ['j', 'help.next'],
  ['k', 'help.prev'],
  ['r', 'help.reply'],
  ['n', 'help.note'],
  ['e', 'help.resolve'],
  ['a', 'help.assign'],
  ['/', 'help.search'],
  ['Ctrl+Enter', 'help.send'],
  ['?', 'help.help'],
];

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    // No close() on cleanup: StrictMode's rehearsal unmount would fire onClose and hide the dialog.
    if (d && !d.open) d.showModal?.();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="help-title" onClose={onClose} onCancel={onClose}>
      <h2 id="help-title">{t('help.title')}</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([key, label]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="btn btn-primary" onClick={onClose}>
          {t('help.close')}
        </button>
      </form>
    </dialog>
  );
}
