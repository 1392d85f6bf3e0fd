import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';

type PendingButtonProps = {
  isPending: boolean;
  children: ReactNode;
  className?: string;
  type?: 'button' | 'submit';
  isDisabled?: boolean;
  onPress?: () => void;
};

/**
 * A button that shows work in progress (its label changes, e.g. "Menyimpan…") and ignores
 * presses meanwhile, while staying focusable. react-aria's own `isPending` is not used: it
 * announces through a live-region node that points at the button by id, and these buttons
 * often disappear right after (dialog closes, page changes), leaving a dangling reference.
 */
export function PendingButton({ isPending, children, className, type = 'button', isDisabled, onPress }: PendingButtonProps) {
  return (
    <Button
      type={isPending ? 'button' : type}
      className={`${className ?? ''}${isPending ? ' btn--pending' : ''}`}
      isDisabled={isDisabled}
      aria-disabled={isPending || undefined}
      onPress={isPending ? undefined : onPress}
    >
      {isPending ? <span className="spinner spinner--small" aria-hidden="true" /> : null}
      {children}
    </Button>
  );
}
