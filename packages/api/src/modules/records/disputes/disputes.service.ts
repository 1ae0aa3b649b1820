import { randomUUID } from 'node:crypto';
import { ApiScope, Courtyard, Dispute, DisputeStatus } from '@xiaoyuan/schema';
import type { RequestContext } from '../../../engine/context';
import { UserErrorCode, UserErrorsThrown, type UserError } from '../../../engine/errors';
import { inSavepoint, persistNew } from '../../../engine/mutation';
import type { Connection, Page } from '../../../engine/pagination';
import { checkNotFuture, checkOptionalText } from '../../../engine/validation';
import { writableCourtyard, writableRecord } from '../courtyard-access';
import { courtyardRecords } from '../courtyard-records';
import type { RegisterDisputeInput, ResolveDisputeInput } from './disputes.inputs';
import { DisputeView } from './disputes.types';

export const MAX_DISPUTE_TEXT = 2000;

type DisputeResult = { dispute: DisputeView | null; userErrors: UserError[] };

const failed = (userErrors: UserError[]): DisputeResult => ({ dispute: null, userErrors });

/**
 * Disputes (DOMAIN.md §5): registered on the date they were reported, resolved once, on a date
 * from the report date to today, through a channel. Resolving twice is INVALID: a resolution is
 * part of the record the dispute resolution rate is computed from, not something to overwrite.
 */
export class DisputesService {
  async registerDispute(context: RequestContext, input: RegisterDisputeInput): Promise<DisputeResult> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await writableCourtyard(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    checkNotFuture(errors, ['input', 'reportedOn'], input.reportedOn, context.clock);
    const summary = checkOptionalText(errors, ['input', 'summary'], input.summary, MAX_DISPUTE_TEXT);
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, Dispute, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        category: input.category,
        reportedOn: input.reportedOn,
        summary,
        resolvedOn: null,
        channel: null,
        resolutionNote: null,
        createdAt: new Date(),
      }),
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(courtyard.id, input.reportedOn, 'dispute');
    context.noteAudit('Dispute', outcome.value.id, { courtyardId: courtyard.id, category: input.category });
    return { dispute: DisputeView.of(outcome.value), userErrors: [] };
  }

  async resolveDispute(context: RequestContext, input: ResolveDisputeInput): Promise<DisputeResult> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const dispute = await writableRecord(context, errors, ['input', 'disputeId'], input.disputeId, Dispute, {
      table: 'disputes',
      lock: true,
    });
    if (!dispute) return failed(errors.list);
    context.noteAudit('Dispute', dispute.id, { channel: input.channel });
    if (dispute.resolvedOn)
      return failed(
        errors.add(UserErrorCode.INVALID, ['input', 'disputeId'], 'DISPUTE_RESOLVED', dispute.resolvedOn).list,
      );
    if (input.resolvedOn < dispute.reportedOn)
      errors.add(UserErrorCode.INVALID, ['input', 'resolvedOn'], 'DATE_BEFORE', dispute.reportedOn);
    checkNotFuture(errors, ['input', 'resolvedOn'], input.resolvedOn, context.clock);
    const note = checkOptionalText(errors, ['input', 'note'], input.note, MAX_DISPUTE_TEXT);
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) => {
      const changed = await em.nativeUpdate(
        Dispute,
        { id: dispute.id, resolvedOn: null },
        { resolvedOn: input.resolvedOn, channel: input.channel, resolutionNote: note },
      );
      // the row is locked above; this only guards against a change of that rule
      if (changed !== 1)
        throw new UserErrorsThrown(
          context.userErrors().add(UserErrorCode.INVALID, ['input', 'disputeId'], 'INVALID').list,
        );
      return em.findOneOrFail(Dispute, { id: dispute.id }, { refresh: true });
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(dispute.courtyard.id, dispute.reportedOn, 'dispute');
    return { dispute: DisputeView.of(outcome.value), userErrors: [] };
  }

  /** A courtyard's disputes, latest reported first, optionally only open or resolved ones. */
  async courtyardDisputes(
    context: RequestContext,
    courtyardId: string,
    page: Page,
    status: DisputeStatus | null,
  ): Promise<Connection<DisputeView>> {
    const where =
      status === DisputeStatus.OPEN
        ? ['t.resolved_on is null']
        : status === DisputeStatus.RESOLVED
          ? ['t.resolved_on is not null']
          : [];
    return courtyardRecords(
      context,
      courtyardId,
      {
        entity: Dispute,
        table: 'disputes',
        orderBy: 'reported_on',
        orderType: 'date',
        descending: true,
        keyOf: (row) => row.reportedOn,
        where,
        params: [],
        variant: status ?? '',
        view: DisputeView.of,
      },
      page,
    );
  }
}

export const disputesService = new DisputesService();
