import { randomUUID } from 'node:crypto';
import { ApiScope, Courtyard, IdleSpace, IdleSpaceStatus, IdleSpaceStatusChange } from '@xiaoyuan/schema';
import type { RequestContext } from '../../../engine/context';
import { UserErrorCode, type UserError } from '../../../engine/errors';
import { inSavepoint, persistNew } from '../../../engine/mutation';
import type { Connection, Page } from '../../../engine/pagination';
import { checkName, checkNotFuture, checkOptionalText } from '../../../engine/validation';
import { writableCourtyard, writableRecord } from '../courtyard-access';
import { courtyardRecords } from '../courtyard-records';
import type { ChangeIdleSpaceStatusInput, RegisterIdleSpaceInput } from './idle-spaces.inputs';
import { loadHistories } from './idle-spaces.loaders';
import { IdleSpaceView } from './idle-spaces.types';

const MAX_AREA_SQM = 99_999_999.99;
export const MAX_NEW_USE_LENGTH = 200;

type IdleSpaceResult = { idleSpace: IdleSpaceView | null; userErrors: UserError[] };

const failed = (userErrors: UserError[]): IdleSpaceResult => ({ idleSpace: null, userErrors });

/** Greater than 0, at most two decimals (numeric(10,2) stores it exactly). */
export function isValidArea(area: number): boolean {
  return (
    Number.isFinite(area) && area > 0 && area <= MAX_AREA_SQM && Math.abs(area * 100 - Math.round(area * 100)) < 1e-6
  );
}

/**
 * Idle spaces (DOMAIN.md §5) with their dated status history (append-only): registered IDLE on
 * `registeredOn`; each change is dated on or after the space's registration and its latest
 * change, never in the future, to a status other than the current one; UTILIZED names its new use.
 * `currentUse` is the new use of the latest change while the space is UTILIZED (a RENOVATING
 * change may name the planned use, which is not in use yet).
 */
export class IdleSpacesService {
  async registerIdleSpace(context: RequestContext, input: RegisterIdleSpaceInput): Promise<IdleSpaceResult> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await writableCourtyard(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    const name = checkName(errors, ['input', 'name'], input.name);
    if (!isValidArea(input.areaSqm)) errors.add(UserErrorCode.INVALID, ['input', 'areaSqm'], 'INVALID_SPACE_AREA');
    checkNotFuture(errors, ['input', 'registeredOn'], input.registeredOn, context.clock);
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) => {
      const space = persistNew(em, IdleSpace, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        name,
        areaSqm: Math.round(input.areaSqm * 100) / 100,
        registeredOn: input.registeredOn,
        createdAt: new Date(),
      });
      persistNew(em, IdleSpaceStatusChange, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        idleSpace: space,
        status: IdleSpaceStatus.IDLE,
        changedOn: input.registeredOn,
        newUse: null,
        recordedAt: new Date(),
      });
      return space;
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(courtyard.id, input.registeredOn, 'idleSpace');
    context.noteAudit('IdleSpace', outcome.value.id, { courtyardId: courtyard.id });
    return { idleSpace: IdleSpaceView.of(outcome.value), userErrors: [] };
  }

  async changeIdleSpaceStatus(context: RequestContext, input: ChangeIdleSpaceStatusInput): Promise<IdleSpaceResult> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    // locked: two changes of one space at once are taken one after the other
    const space = await writableRecord(context, errors, ['input', 'idleSpaceId'], input.idleSpaceId, IdleSpace, {
      table: 'idle_spaces',
      lock: true,
    });
    if (!space) return failed(errors.list);
    context.noteAudit('IdleSpace', space.id, { status: input.status });
    const history = (await loadHistories(context.em, [space.id])).get(space.id)!;
    const latest = history[history.length - 1];
    if (latest && latest.status === input.status)
      errors.add(UserErrorCode.INVALID, ['input', 'status'], 'STATUS_UNCHANGED');
    const earliest = latest && latest.changedOn > space.registeredOn ? latest.changedOn : space.registeredOn;
    if (input.changedOn < earliest) errors.add(UserErrorCode.INVALID, ['input', 'changedOn'], 'DATE_BEFORE', earliest);
    checkNotFuture(errors, ['input', 'changedOn'], input.changedOn, context.clock);
    const newUse = checkOptionalText(errors, ['input', 'newUse'], input.newUse, MAX_NEW_USE_LENGTH);
    if (input.status === IdleSpaceStatus.UTILIZED && !newUse)
      errors.add(UserErrorCode.INVALID, ['input', 'newUse'], 'NEW_USE_REQUIRED');
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, IdleSpaceStatusChange, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        idleSpace: em.getReference(IdleSpace, space.id),
        status: input.status,
        changedOn: input.changedOn,
        newUse,
        recordedAt: new Date(),
      }),
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(space.courtyard.id, input.changedOn, 'idleSpace');
    return { idleSpace: IdleSpaceView.of(space), userErrors: [] };
  }

  /** A courtyard's idle spaces, by name. */
  async courtyardIdleSpaces(
    context: RequestContext,
    courtyardId: string,
    page: Page,
  ): Promise<Connection<IdleSpaceView>> {
    return courtyardRecords(
      context,
      courtyardId,
      {
        entity: IdleSpace,
        table: 'idle_spaces',
        orderBy: 'name',
        orderType: 'text',
        descending: false,
        keyOf: (row) => row.name,
        where: [],
        params: [],
        variant: '',
        view: IdleSpaceView.of,
      },
      page,
    );
  }
}

export const idleSpacesService = new IdleSpacesService();
