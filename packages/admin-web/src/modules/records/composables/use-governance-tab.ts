import type { FormInstance, FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormDialog } from '@/composables/use-form-dialog';
import { useFormSubmission } from '@/composables/use-form-submission';
import { nodeOfType, type NodeOfType } from '@/graphql/connection';
import type { CourtyardGovernanceQuery, InstitutionKind } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  AdoptInstitutionDocument,
  CourtyardGovernanceDocument,
  DesignateDemonstrationDocument,
  RecordCommitteeElectionDocument,
} from '@/graphql/rollout.documents';
import { INSTITUTION_KINDS } from '@/graphql/enum-values';
import { useSessionStore } from '@/stores/session.store';
import { integerRangeRule, notFutureDateRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

export type CourtyardGovernance = NodeOfType<CourtyardGovernanceQuery['node'], 'Courtyard'>;

/** 治理: the committee election, the five institutions, the demonstration designation. */
export function useGovernanceTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const today = useDistrictToday();
  const governance = ref<CourtyardGovernance | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const { node } = await useGraphql().query(CourtyardGovernanceDocument, { id: courtyardId() });
      governance.value = nodeOfType(node, 'Courtyard');
    } catch (error) {
      showRequestError(error);
    } finally {
      loading.value = false;
    }
  }

  /** All five kinds, with the adoption date where adopted. */
  const institutions = computed(() =>
    INSTITUTION_KINDS.map((kind) => ({
      kind,
      adoptedOn: governance.value?.institutions?.find((institution) => institution.kind === kind)?.adoptedOn ?? null,
    })),
  );
  const adoptedCount = computed(() => institutions.value.filter((institution) => institution.adoptedOn).length);

  // ---------------------------------------------------------------- election
  const electionForm = reactive({
    electedOn: today(),
    memberCount: null as number | null,
    socialWorkerCount: 1 as number | null,
    committeeMemberCount: 3 as number | null,
    volunteerCount: null as number | null,
    hasSupervisoryBoard: false,
    hasPartyGroup: false,
  });
  const electionRules: FormRules = {
    electedOn: [requiredRule('governance.electedOn', 'select'), notFutureDateRule(today)],
    memberCount: [integerRangeRule(1)],
    socialWorkerCount: [integerRangeRule(0)],
    committeeMemberCount: [integerRangeRule(0)],
    volunteerCount: [integerRangeRule(0)],
  };
  const election = useFormSubmission(() => [
    'electedOn',
    'memberCount',
    'socialWorkerCount',
    'committeeMemberCount',
    'volunteerCount',
    'hasSupervisoryBoard',
    'hasPartyGroup',
  ]);

  async function recordElection(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await election.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(RecordCommitteeElectionDocument, {
            input: { courtyardId: courtyardId(), ...electionForm },
          })
        ).recordCommitteeElection,
    );
    if (!payload) return false;
    await load();
    return true;
  }

  // ---------------------------------------------------------------- institutions
  const adoption = useFormDialog({
    values: () => ({ kind: 'RESPONSIBILITY_LIST' as InstitutionKind, adoptedOn: today() }),
    rules: () => ({
      kind: [requiredRule('governance.institution', 'select')],
      adoptedOn: [requiredRule('governance.adoptedOn', 'select'), notFutureDateRule(today)],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(AdoptInstitutionDocument, {
          input: { courtyardId: courtyardId(), kind: form.kind, adoptedOn: form.adoptedOn },
        })
      ).adoptInstitution,
    saved: load,
  });

  // ---------------------------------------------------------------- demonstration courtyard
  const demonstrationForm = reactive({ since: today() });
  const demonstrationRules: FormRules = {
    since: [requiredRule('governance.demonstrationSince', 'select'), notFutureDateRule(today)],
  };
  const demonstration = useFormSubmission(() => ['since']);

  async function designate(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await demonstration.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(DesignateDemonstrationDocument, {
            input: { courtyardId: courtyardId(), since: demonstrationForm.since },
          })
        ).designateDemonstration,
    );
    if (!payload) return false;
    await load();
    return true;
  }

  return {
    permissions,
    governance,
    loading,
    load,
    institutions,
    adoptedCount,
    electionForm,
    electionRules,
    election,
    recordElection,
    adoption,
    demonstrationForm,
    demonstrationRules,
    demonstration,
    designate,
  };
}
