import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { caseByInteractionQuery, createCaseFromInteraction } from '../../api/cases.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import type { SessionUser } from '../../api/types.ts';
import { PendingButton } from '../../components/pending-button.tsx';
import { toast } from '../../components/toast.tsx';
import { can } from '../../lib/permissions.ts';

/** "Jadikan aduan" in the conversation, or the case code (a link when visible) once there is one. */
export function CaseButton({ interactionId, me }: { interactionId: string; me: SessionUser }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const existing = useQuery({ ...caseByInteractionQuery(interactionId), enabled: can(me, 'cases.read') });
  const create = useMutation({
    mutationFn: () => createCaseFromInteraction(interactionId),
    onSuccess: async (c) => {
      toast.success(t('inbox.case.created', { code: c.code }));
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.code === 'case_interaction_taken') await queryClient.invalidateQueries({ queryKey: ['cases', 'by-interaction', interactionId] });
      toast.error(errorMessage(err));
    },
  });
  if (!can(me, 'cases.read') || existing.isPending) return null;
  const c = existing.data?.case;
  if (c) {
    return (
      <p className="conv-case" role="status">
        {t('inbox.case.has')}{' '}
        {c.id ? (
          <Link to="/aduan/$caseId" params={{ caseId: c.id }} className="conv-case__code">
            {c.code}
          </Link>
        ) : (
          <strong className="conv-case__code">{c.code}</strong>
        )}
      </p>
    );
  }
  if (!can(me, 'cases.work')) return null;
  return (
    <PendingButton className="btn btn--secondary btn--small" isPending={create.isPending} onPress={() => create.mutate()}>
      {create.isPending ? t('inbox.case.creating') : t('inbox.case.create')}
    </PendingButton>
  );
}
