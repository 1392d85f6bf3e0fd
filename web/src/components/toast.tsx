// Short confirmations of what just happened ("Undangan dikirim"). Built on the
// react-aria toast region: a landmark reachable with F6, announced politely.
import {
  Button,
  Text,
  UNSTABLE_Toast as Toast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastQueue as ToastQueue,
  UNSTABLE_ToastRegion as ToastRegion,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';

type ToastTone = 'success' | 'error' | 'info';
type ToastContentValue = { message: string; tone: ToastTone };

const queue = new ToastQueue<ToastContentValue>({ maxVisibleToasts: 4 });

export const toast = {
  success: (message: string) => queue.add({ message, tone: 'success' }, { timeout: 6000 }),
  info: (message: string) => queue.add({ message, tone: 'info' }, { timeout: 6000 }),
  // Errors stay until dismissed so that nobody misses them.
  error: (message: string) => queue.add({ message, tone: 'error' }),
  clear: () => queue.clear(),
};

export function Toasts() {
  const { t } = useTranslation();
  return (
    <ToastRegion queue={queue} className="toast-region" aria-label={t('toast.region')}>
      {({ toast: item }) => (
        <Toast toast={item} className={`toast toast--${item.content.tone}`}>
          <ToastContent className="toast__content">
            <Text slot="title">{item.content.message}</Text>
          </ToastContent>
          <Button slot="close" className="toast__close" aria-label={t('common.close')}>
            <span aria-hidden="true">×</span>
          </Button>
        </Toast>
      )}
    </ToastRegion>
  );
}
