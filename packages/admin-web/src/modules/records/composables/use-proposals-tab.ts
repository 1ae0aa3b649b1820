import { ElMessage, ElMessageBox, type FormInstance, type FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive, ref } from 'vue';
import { useFormSubmission } from '@/composables/use-form-submission';
import { usePagedList } from '@/composables/use-paged-list';
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
import { showRequestError } from '@/utils/request-error-message';
import { DEFAULT_RULE_FOR_TIER, defaultClosesAt } from './vote-display';

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
  const createVisible = ref(false);
  const createForm = reactive({
    title: '',
    description: '',
    tier: 'MINOR' as ProposalTier,
    rule: 'SIMPLE_MAJORITY' as VotingRule,
  });
  const createRules: FormRules = {
    title: [requiredRule('proposal.title')],
    tier: [requiredRule('proposal.tier', 'select')],
    rule: [requiredRule('proposal.rule', 'select')],
  };
  const creation = useFormSubmission(() => ['title', 'description', 'tier', 'rule']);

  function openCreate(): void {
    Object.assign(createForm, { title: '', description: '', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' });
    creation.clearErrors();
    createVisible.value = true;
  }

  function onTierChange(tier: ProposalTier): void {
    createForm.rule = DEFAULT_RULE_FOR_TIER[tier];
  }

  async function create(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await creation.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(CreateProposalDocument, {
            input: {
              courtyardId: courtyardId(),
              title: createForm.title.trim(),
              description: createForm.description.trim() || null,
              tier: createForm.tier,
              rule: createForm.rule,
            },
          })
        ).createProposal,
    );
    if (!payload) return false;
    createVisible.value = false;
    await list.reload();
    return true;
  }

  // ---------------------------------------------------------------- open voting
  const openVisible = ref(false);
  const selected = ref<ProposalFieldsFragment | null>(null);
  const openForm = reactive({ closesAt: defaultClosesAt() });
  const openRules: FormRules = {
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
  };
  const opening = useFormSubmission(() => ['closesAt']);

  function openOpenVoting(proposal: ProposalFieldsFragment): void {
    selected.value = proposal;
    openForm.closesAt = defaultClosesAt();
    opening.clearErrors();
    openVisible.value = true;
  }

  async function openVoting(formRef: FormInstance | undefined): Promise<boolean> {
    const proposal = selected.value;
    if (!proposal) return false;
    const payload = await opening.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(OpenVotingDocument, {
            input: { proposalId: proposal.id, closesAt: localDateTimeToIso(openForm.closesAt) },
          })
        ).openVoting,
    );
    if (!payload) return false;
    openVisible.value = false;
    await list.load();
    return true;
  }

  // ---------------------------------------------------------------- cast votes
  const voteVisible = ref(false);
  const voteForm = reactive({
    householdCode: '',
    choice: 'FOR' as VoteChoice,
    channel: 'OFFLINE' as VoteChannel,
    assistedBy: '',
  });
  const voteRules: FormRules = {
    householdCode: [requiredRule('proposal.householdCode'), codeRule()],
    choice: [requiredRule('proposal.choice', 'select')],
    channel: [requiredRule('proposal.channel', 'select')],
    assistedBy: [requiredWhenRule(() => voteForm.channel === 'ASSISTED', 'proposal.assistedBy')],
  };
  const voting = useFormSubmission(() => ['householdCode', 'choice', 'channel', 'assistedBy']);
  /** Votes cast in this dialog session, newest first, for the clerk's own check. */
  const castVotes = ref<{ householdCode: string; choice: VoteChoice; channel: VoteChannel }[]>([]);

  function openVote(proposal: ProposalFieldsFragment): void {
    selected.value = proposal;
    Object.assign(voteForm, { householdCode: '', choice: 'FOR', channel: 'OFFLINE', assistedBy: '' });
    castVotes.value = [];
    voting.clearErrors();
    voteVisible.value = true;
  }

  /** Casts one vote and keeps the dialog open for the next household. */
  async function castVote(formRef: FormInstance | undefined): Promise<boolean> {
    const proposal = selected.value;
    if (!proposal) return false;
    const householdCode = voteForm.householdCode.trim();
    const payload = await voting.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(CastVoteDocument, {
            input: {
              proposalId: proposal.id,
              householdCode,
              choice: voteForm.choice,
              channel: voteForm.channel,
              assistedBy: voteForm.channel === 'ASSISTED' ? voteForm.assistedBy.trim() : null,
            },
          })
        ).castVote,
    );
    if (!payload) return false;
    castVotes.value = [{ householdCode, choice: voteForm.choice, channel: voteForm.channel }, ...castVotes.value];
    voteForm.householdCode = '';
    formRef?.clearValidate();
    return true;
  }

  function closeVoteDialog(): void {
    voteVisible.value = false;
  }

  // ---------------------------------------------------------------- close and publish
  const acting = ref<string | null>(null);

  async function runAction(proposal: ProposalFieldsFragment, action: 'close' | 'publish'): Promise<void> {
    try {
      await ElMessageBox.confirm(t(`proposal.${action}Confirm`, { title: proposal.title }), t(`proposal.${action}`), {
        confirmButtonText: t(`proposal.${action}`),
        cancelButtonText: t('common.cancel'),
        type: 'warning',
      });
    } catch {
      return;
    }
    acting.value = proposal.id;
    try {
      const payload =
        action === 'close'
          ? (await useGraphql().mutate(CloseVotingDocument, { input: { proposalId: proposal.id } })).closeVoting
          : (await useGraphql().mutate(PublishDecisionDocument, { input: { proposalId: proposal.id } }))
              .publishDecision;
      if (payload.userErrors.length > 0) ElMessage.error(payload.userErrors.map((error) => error.message).join('; '));
      else ElMessage.success(t(action === 'close' ? 'proposal.closed' : 'proposal.published'));
      await list.load();
    } catch (error) {
      showRequestError(error);
    } finally {
      acting.value = null;
    }
  }

  return {
    permissions,
    status,
    ...list,
    createVisible,
    createForm,
    createRules,
    creation,
    openCreate,
    onTierChange,
    create,
    selected,
    openVisible,
    openForm,
    openRules,
    opening,
    openOpenVoting,
    openVoting,
    voteVisible,
    voteForm,
    voteRules,
    voting,
    castVotes,
    openVote,
    castVote,
    closeVoteDialog,
    acting,
    closeVoting: (proposal: ProposalFieldsFragment) => runAction(proposal, 'close'),
    publish: (proposal: ProposalFieldsFragment) => runAction(proposal, 'publish'),
  };
}
