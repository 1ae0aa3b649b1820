import { Courtyard } from '@xiaoyuan/schema';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { AdoptInstitutionInput, DesignateDemonstrationInput, RecordCommitteeElectionInput } from './governance.inputs';
import { committeeElectionsOf } from './governance.loaders';
import { governanceService } from './governance.service';
import { CommitteeElectionView, CourtyardPayload } from './governance.types';

@Resolver()
export class GovernanceResolver {
  @Mutation(() => CourtyardPayload, {
    description: 'Anyone who writes within the courtyard\'s subtree; "1+3+N" staffing optional.',
  })
  recordCommitteeElection(
    @Arg('input', () => RecordCommitteeElectionInput) input: RecordCommitteeElectionInput,
    @Ctx() context: RequestContext,
  ) {
    return governanceService.recordCommitteeElection(context, input);
  }

  @Mutation(() => CourtyardPayload, { description: "Anyone who writes within the courtyard's subtree; once per kind." })
  adoptInstitution(
    @Arg('input', () => AdoptInstitutionInput) input: AdoptInstitutionInput,
    @Ctx() context: RequestContext,
  ) {
    return governanceService.adoptInstitution(context, input);
  }

  @Mutation(() => CourtyardPayload, { description: 'District admin only; once per courtyard.' })
  designateDemonstration(
    @Arg('input', () => DesignateDemonstrationInput) input: DesignateDemonstrationInput,
    @Ctx() context: RequestContext,
  ) {
    return governanceService.designateDemonstration(context, input);
  }
}

/** Governance fields of Courtyard beyond those the hierarchy module resolves from courtyardFacts. */
@Resolver(() => Courtyard)
export class CourtyardGovernanceFieldsResolver {
  @FieldResolver(() => [CommitteeElectionView], { description: 'Committee elections, latest first.' })
  committeeElections(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return committeeElectionsOf(context).load(courtyard.id);
  }

  @FieldResolver(() => Boolean, {
    description: 'All five institutions (权责清单, 居民公约, 议事规则, 财务管理规范, 监事会) adopted.',
  })
  institutionsComplete(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return governanceService.institutionsComplete(context, courtyard);
  }
}
