import { randomUUID } from 'node:crypto';
import { ApiScope, Courtyard, Household, ServiceRequest } from '@xiaoyuan/schema';
import type { RequestContext } from '../../../engine/context';
import { UserErrorCode, UserErrorsThrown, type UserError, type UserErrors } from '../../../engine/errors';
import { inSavepoint, persistNew } from '../../../engine/mutation';
import type { Connection, Page } from '../../../engine/pagination';
import { checkOptionalText } from '../../../engine/validation';
import { writableCourtyard, writableRecord, type Field } from '../courtyard-access';
import { courtyardRecords } from '../courtyard-records';
import { householdIdsByCode } from '../household-lookup';
import type {
  CreateServiceRequestInput,
  ResolveServiceRequestInput,
  RespondToServiceRequestInput,
} from './service-requests.inputs';
import { ServiceRequestStatus, ServiceRequestView } from './service-requests.types';

export const MAX_CATEGORY_LENGTH = 50;
export const MAX_DESCRIPTION_LENGTH = 2000;
/** Times "now" from a partner's clock may run ahead of ours by this much. */
export const CLOCK_SKEW_MS = 60_000;

type ServiceRequestResult = { serviceRequest: ServiceRequestView | null; userErrors: UserError[] };

const failed = (userErrors: UserError[]): ServiceRequestResult => ({ serviceRequest: null, userErrors });

function checkTime(errors: UserErrors, field: Field, time: Date, notBefore: Date | null, now: Date): void {
  if (time.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.add(UserErrorCode.INVALID, field, 'TIME_IN_FUTURE');
  else if (notBefore && time.getTime() < notBefore.getTime())
    errors.add(UserErrorCode.INVALID, field, 'TIME_BEFORE', notBefore.toISOString());
}

/**
 * Service requests (一键报修, DOMAIN.md §5): raised at `createdAt`, answered once (the first
 * response, which the 8-hour SLA measures), resolved once. Times may not lie in the future and
 * never before the request was raised. Resolving an unanswered request answers it at the same
 * time: the resolution is its first response.
 */
export class ServiceRequestsService {
  async createServiceRequest(context: RequestContext, input: CreateServiceRequestInput): Promise<ServiceRequestResult> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await writableCourtyard(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    const now = new Date();
    const category = input.category.trim();
    if (category.length < 1 || category.length > MAX_CATEGORY_LENGTH)
      errors.add(UserErrorCode.INVALID, ['input', 'category'], 'INVALID_CATEGORY', MAX_CATEGORY_LENGTH);
    const description = checkOptionalText(errors, ['input', 'description'], input.description, MAX_DESCRIPTION_LENGTH);
    const createdAt = input.createdAt ?? now;
    checkTime(errors, ['input', 'createdAt'], createdAt, null, now);
    let householdId: string | null = null;
    const code = input.householdCode?.trim();
    if (code) {
      householdId = (await householdIdsByCode(context.em, courtyard.id, [code])).get(code) ?? null;
      if (!householdId)
        errors.add(UserErrorCode.UNKNOWN_HOUSEHOLD, ['input', 'householdCode'], 'UNKNOWN_HOUSEHOLD', code);
    }
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, ServiceRequest, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        household: householdId ? em.getReference(Household, householdId) : null,
        category,
        description,
        createdAt,
        firstResponseAt: null,
        resolvedAt: null,
      }),
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(courtyard.id, createdAt, 'serviceRequest');
    context.noteAudit('ServiceRequest', outcome.value.id, { courtyardId: courtyard.id });
    return { serviceRequest: ServiceRequestView.of(outcome.value, now), userErrors: [] };
  }

  async respondToServiceRequest(
    context: RequestContext,
    input: RespondToServiceRequestInput,
  ): Promise<ServiceRequestResult> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const request = await this.writable(context, errors, input.serviceRequestId);
    if (!request) return failed(errors.list);
    if (request.firstResponseAt) {
      return failed(
        errors.add(
          UserErrorCode.INVALID,
          ['input', 'serviceRequestId'],
          'REQUEST_RESPONDED',
          request.firstResponseAt.toISOString(),
        ).list,
      );
    }
    const now = new Date();
    const respondedAt = input.respondedAt ?? now;
    checkTime(errors, ['input', 'respondedAt'], respondedAt, request.createdAt, now);
    if (errors.any) return failed(errors.list);
    return this.update(context, request.id, { firstResponseAt: null }, { firstResponseAt: respondedAt }, now);
  }

  async resolveServiceRequest(
    context: RequestContext,
    input: ResolveServiceRequestInput,
  ): Promise<ServiceRequestResult> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const request = await this.writable(context, errors, input.serviceRequestId);
    if (!request) return failed(errors.list);
    if (request.resolvedAt) {
      return failed(
        errors.add(
          UserErrorCode.INVALID,
          ['input', 'serviceRequestId'],
          'REQUEST_RESOLVED',
          request.resolvedAt.toISOString(),
        ).list,
      );
    }
    const now = new Date();
    const resolvedAt = input.resolvedAt ?? now;
    checkTime(errors, ['input', 'resolvedAt'], resolvedAt, request.firstResponseAt ?? request.createdAt, now);
    if (errors.any) return failed(errors.list);
    const changes = request.firstResponseAt ? { resolvedAt } : { resolvedAt, firstResponseAt: resolvedAt };
    return this.update(context, request.id, { resolvedAt: null }, changes, now);
  }

  /** A courtyard's service requests, latest raised first, optionally of one status. */
  async courtyardServiceRequests(
    context: RequestContext,
    courtyardId: string,
    page: Page,
    status: ServiceRequestStatus | null,
  ): Promise<Connection<ServiceRequestView>> {
    const where =
      status === ServiceRequestStatus.OPEN
        ? ['t.first_response_at is null and t.resolved_at is null']
        : status === ServiceRequestStatus.RESPONDED
          ? ['t.first_response_at is not null and t.resolved_at is null']
          : status === ServiceRequestStatus.RESOLVED
            ? ['t.resolved_at is not null']
            : [];
    const now = new Date();
    return courtyardRecords(
      context,
      courtyardId,
      {
        entity: ServiceRequest,
        table: 'service_requests',
        orderBy: 'created_at',
        orderType: 'timestamptz',
        descending: true,
        keyOf: (row) => row.createdAt.toISOString(),
        where,
        params: [],
        variant: status ?? '',
        view: (row) => ServiceRequestView.of(row, now),
      },
      page,
    );
  }

  private async writable(
    context: RequestContext,
    errors: UserErrors,
    globalId: string,
  ): Promise<ServiceRequest | null> {
    const request = await writableRecord(context, errors, ['input', 'serviceRequestId'], globalId, ServiceRequest, {
      table: 'service_requests',
      lock: true,
    });
    if (request) context.noteAudit('ServiceRequest', request.id);
    return request;
  }

  private async update(
    context: RequestContext,
    id: string,
    unchanged: Partial<Pick<ServiceRequest, 'firstResponseAt' | 'resolvedAt'>>,
    changes: Partial<Pick<ServiceRequest, 'firstResponseAt' | 'resolvedAt'>>,
    now: Date,
  ): Promise<ServiceRequestResult> {
    const outcome = await inSavepoint(context, async (em) => {
      const changed = await em.nativeUpdate(ServiceRequest, { id, ...unchanged }, changes);
      // the row is locked while validating; this only guards against a change of that rule
      if (changed !== 1)
        throw new UserErrorsThrown(
          context.userErrors().add(UserErrorCode.INVALID, ['input', 'serviceRequestId'], 'INVALID').list,
        );
      return em.findOneOrFail(ServiceRequest, { id }, { refresh: true });
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(outcome.value.courtyard.id, outcome.value.createdAt, 'serviceRequest');
    return { serviceRequest: ServiceRequestView.of(outcome.value, now), userErrors: [] };
  }
}

export const serviceRequestsService = new ServiceRequestsService();
