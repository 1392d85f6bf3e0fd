import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { FormAlert } from './states.tsx';
import { PendingButton } from './pending-button.tsx';

type ModalDialogProps = {
  title: string;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  isDismissable?: boolean;
};

/** A modal dialog: focus is trapped inside and returns to the trigger when it closes. */
export function ModalDialog({ title, isOpen, onOpenChange, children, role = 'dialog', isDismissable = true }: ModalDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable}>
      <Modal className="modal">
        <Dialog className="dialog" role={role}>
          <Heading slot="title" className="dialog__title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

type ConfirmDialogProps = {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  isOpen: boolean;
  isPending: boolean;
  error: string | null;
  onConfirm: () => void;
  onOpenChange: (open: boolean) => void;
};

export function ConfirmDialog({ title, body, confirmLabel, tone = 'primary', isOpen, isPending, error, onConfirm, onOpenChange }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog title={title} isOpen={isOpen} onOpenChange={onOpenChange} role="alertdialog" isDismissable={!isPending}>
      <div className="dialog__body">{body}</div>
      <FormAlert message={error} />
      <div className="dialog__actions">
        <Button className="btn btn--secondary" slot="close" isDisabled={isPending} autoFocus>
          {t('common.cancel')}
        </Button>
        <PendingButton className={`btn btn--${tone}`} onPress={onConfirm} isPending={isPending}>
          {isPending ? t('common.saving') : confirmLabel}
        </PendingButton>
      </div>
    </ModalDialog>
  );
}
