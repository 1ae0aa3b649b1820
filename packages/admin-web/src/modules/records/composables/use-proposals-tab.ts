import { storeToRefs } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_RULE_FOR_TIER } from '@xiaoyuan/domain';
import { useFormDialog } from '@/composables/use-form-dialog';
import { usePagedList } from '@/composables/use-paged-list';
import { useRowAction } from '@/composables/use-row-action';
import { nodeOfType } from '@/graphql/connection';
import type {
  ProposalFieldsFragment,
  ProposalStatus,
  ProposalTier,
  VoteChannel,
  VoteChoice,
  VotingRule,
} from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  CastVoteDocument,
  CloseVotingDocument,
  CourtyardProposalsDocument,
  CreateProposalDocument,
  OpenVotingDocument,
  PublishDecisionDocument,
} from '@/graphql/records.documents';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { localDateTimeToIso } from '@/utils/date-time';
import { codeRule, requiredRule, requiredWhenRule } from '@/utils/form-rules';
import { defaultClosesAt } from './vote-display';

/** 议题表决: proposals, their voting window, votes, the result and its publication. */
export function useProposalsTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const t = i18n.global.t;
  const status = ref<ProposalStatus | ''>('');
  const list = usePagedList<ProposalFieldsFragment>(async (page) => {
    const { node } = await useGraphql().query(CourtyardProposalsDocument, {
      id: courtyardId(),
      status: status.value || null,
      ...page,
    });
    return nodeOfType(node, 'Courtyard')?.proposals;
  });

  // ---------------------------------------------------------------- create
  const creation = useFormDialog({
    values: () => ({
      title: '',
      description: '',
      tier: 'MINOR' as ProposalTier,
      rule: 'SIMPLE_MAJORITY' as VotingRule,
    }),
    rules: () => ({
      title: [requiredRule('proposal.title')],
      tier: [requiredRule('proposal.tier', 'select')],
      rule: [requiredRule('proposal.rule', 'select')],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(CreateProposalDocument, {
          input: {
            courtyardId: courtyardId(),
            title: form.title.trim(),
            description: form.description.trim() || null,
            tier: form.tier,
            rule: form.rule,
          },
        })
      ).createProposal,
    saved: list.reload,
  });

  function onTierChange(tier: ProposalTier): void {
    creation.form.rule = DEFAULT_RULE_FOR_TIER[tier];
  }

  // ---------------------------------------------------------------- open voting
  const opening = useFormDialog({
    values: () => ({ closesAt: defaultClosesAt() }),
    save: async (form, proposal: ProposalFieldsFragment) =>
      (
        await useGraphql().mutate(OpenVotingDocument, {
          input: { proposalId: proposal.id, closesAt: localDateTimeToIso(form.closesAt) },
        })
      ).openVoting,
    rules: () => ({
      closesAt: [
        requiredRule('proposal.closesAt', 'select'),
        {
          trigger: 'change',
          validator: (_rule, value, callback) =>
            value && new Date(String(value)).getTime() <= Date.now()
              ? callback(new Error(t('proposal.closesInPast')))
              : callback(),
        },
      ],
    }),
    saved: list.load,
  });

  // ---------------------------------------------------------------- cast votes
  /** Votes cast in this dialog session, newest first, for the clerk's own check. */
  const castVotes = ref<{ householdCode: string; choice: VoteChoice; channel: VoteChannel }[]>([]);
  // The dialog stays open for the next household; the list reloads when it closes.
  const voting = useFormDialog({
    values: () => ({
      householdCode: '',
      choice: 'FOR' as VoteChoice,
      channel: 'OFFLINE' as VoteChannel,
      assistedBy: '',
    }),
    save: async (form, proposal: ProposalFieldsFragment) =>
      (
        await useGraphql().mutate(CastVoteDocument, {
          input: {
            proposalId: proposal.id,
            householdCode: form.householdCode.trim(),
            choice: form.choice,
            channel: form.channel,
            assistedBy: form.channel === 'ASSISTED' ? form.assistedBy.trim() : null,
          },
        })
      ).castVote,
    rules: (form) => ({
      householdCode: [requiredRule('proposal.householdCode'), codeRule()],
      choice: [requiredRule('proposal.choice', 'select')],
      channel: [requiredRule('proposal.channel', 'select')],
      assistedBy: [requiredWhenRule(() => form.channel === 'ASSISTED', 'proposal.assistedBy')],
    }),
    saved: () => {
      const { householdCode, choice, channel } = voting.form;
      castVotes.value = [{ householdCode: householdCode.trim(), choice, channel }, ...castVotes.value];
      voting.form.householdCode = '';
    },
    keepOpen: true,
  });

  function openVote(proposal: ProposalFieldsFragment): void {
    castVotes.value = [];
    voting.open(proposal);
  }

  // ---------------------------------------------------------------- close and publish
  const action = useRowAction(list.load);

  function runAction(proposal: ProposalFieldsFragment, kind: 'close' | 'publish'): Promise<void> {
    const confirmation = {
      message: t(`proposal.${kind}Confirm`, { title: proposal.title }),
      title: t(`proposal.${kind}`),
      type: 'warning' as const,
    };
    return action.run(
      proposal.id,
      confirmation,
      async () =>
        kind === 'close'
          ? (await useGraphql().mutate(CloseVotingDocument, { input: { proposalId: proposal.id } })).closeVoting
          : (await useGraphql().mutate(PublishDecisionDocument, { input: { proposalId: proposal.id } }))
              .publishDecision,
      t(kind === 'close' ? 'proposal.closed' : 'proposal.published'),
    );
  }

  return {
    permissions,
    status,
    ...list,
    creation,
    onTierChange,
    opening,
    voting,
    castVotes,
    openVote,
    acting: action.acting,
    closeVoting: (proposal: ProposalFieldsFragment) => runAction(proposal, 'close'),
    publish: (proposal: ProposalFieldsFragment) => runAction(proposal, 'publish'),
  };
}
