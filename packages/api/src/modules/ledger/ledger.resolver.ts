import { Courtyard, PeriodScalar } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { RecordLedgerEntryInput, ReverseLedgerEntryInput } from './ledger.inputs';
import { ledgerEntryById, reversalOf } from './ledger.loaders';
import { ledgerService } from './ledger.service';
import { LedgerEntryConnection, LedgerEntryPayload, LedgerEntryView, LedgerView } from './ledger.types';

@Resolver()
export class LedgerResolver {
  @Mutation(() => LedgerEntryPayload, {
    description: 'An entry of the sunshine ledger; entries are never changed, only reversed.',
  })
  recordLedgerEntry(
    @Arg('input', () => RecordLedgerEntryInput) input: RecordLedgerEntryInput,
    @Ctx() context: RequestContext,
  ) {
    return ledgerService.recordLedgerEntry(context, input);
  }

  @Mutation(() => LedgerEntryPayload, {
    description:
      "The reversing entry: the negated amount on the reversed entry's date, with its reason. An entry is reversed once; a reversal is not reversed.",
  })
  reverseLedgerEntry(
    @Arg('input', () => ReverseLedgerEntryInput) input: ReverseLedgerEntryInput,
    @Ctx() context: RequestContext,
  ) {
    return ledgerService.reverseLedgerEntry(context, input);
  }
}

@Resolver(() => Courtyard)
export class CourtyardLedgerResolver {
  @FieldResolver(() => LedgerView, {
    description: 'The sunshine ledger for a period: its totals, the balance at its last day, its entries.',
  })
  ledger(
    @Root() courtyard: Courtyard,
    @Arg('period', () => PeriodScalar) period: string,
    @Ctx() context: RequestContext,
  ) {
    return ledgerService.ledger(context, courtyard, period);
  }
}

@Resolver(() => LedgerView)
export class LedgerFieldsResolver {
  @FieldResolver(() => LedgerEntryConnection, {
    description: 'Entries dated in the period, newest first (reversals included).',
  })
  entries(@Root() ledger: LedgerView, @Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return ledgerService.entries(context, ledger, pageOf(page));
  }
}

@Resolver(() => LedgerEntryView)
export class LedgerEntryFieldsResolver {
  @FieldResolver(() => LedgerEntryView, { nullable: true, description: 'The entry this one reverses.' })
  reverses(@Root() entry: LedgerEntryView, @Ctx() context: RequestContext) {
    return entry.reversesId ? ledgerEntryById(context).load(entry.reversesId) : null;
  }

  @FieldResolver(() => LedgerEntryView, { nullable: true, description: 'The entry that reverses this one, if any.' })
  reversedBy(@Root() entry: LedgerEntryView, @Ctx() context: RequestContext) {
    return entry.reversesId ? null : reversalOf(context).load(entry.entryId);
  }
}

export const LEDGER_RESOLVERS = [
  LedgerResolver,
  CourtyardLedgerResolver,
  LedgerFieldsResolver,
  LedgerEntryFieldsResolver,
] as const;
