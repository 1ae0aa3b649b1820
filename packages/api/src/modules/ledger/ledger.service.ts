import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ApiClient,
  ApiScope,
  Courtyard,
  fromGlobalId,
  isCalendarDate,
  LedgerDirection,
  LedgerEntry,
  moneyToFen,
  parsePeriod,
  User,
  type Period,
} from '@xiaoyuan/schema';
import { actorOf, type TenantCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import {
  badUserInput,
  forbidden,
  UserErrorCode,
  UserErrorsThrown,
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
  type UserError,
  type UserErrors,
} from '../../engine/errors';
import { translate } from '../../engine/i18n';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { toConnection, type Connection, type Page } from '../../engine/pagination';
import { checkOptionalText } from '../../engine/validation';
import { unitOf } from '../hierarchy/hierarchy.service';
import { courtyardUnit } from '../records/courtyard-access';
import type { RecordLedgerEntryInput, ReverseLedgerEntryInput } from './ledger.inputs';
import { ENTRY_COLUMNS, entryKey, ledgerEntryCounts, ledgerEntryPages, ledgerFigures } from './ledger.loaders';
import { LedgerEntryView, LedgerView, type LedgerEntryRow } from './ledger.types';

/** The largest single entry: 100,000,000.00 yuan, in fen. */
export const MAX_AMOUNT_FEN = 10_000_000_000;
const MAX_MEMO_LENGTH = 500;
const MAX_REASON_LENGTH = 500;
/** `unique (tenant_id, reverses_id)`: an entry is reversed at most once, also under concurrency. */
const ONE_REVERSAL_CONSTRAINT = 'ledger_entries_tenant_id_reverses_id_key';

type EntryPayload = { entry: LedgerEntryView | null; userErrors: UserError[] };
const failed = (userErrors: UserError[]): EntryPayload => ({ entry: null, userErrors });

/** Who recorded an entry: a district user, or an API client (DOMAIN.md §10). */
function recorder(em: EntityManager, caller: TenantCaller): Pick<LedgerEntry, 'recordedBy' | 'recordedByClient'> {
  const actor = actorOf(caller);
  return {
    recordedBy: actor.userId ? em.getReference(User, actor.userId) : null,
    recordedByClient: actor.clientId ? em.getReference(ApiClient, actor.clientId) : null,
  };
}

/**
 * The sunshine ledger (阳光账本, DOMAIN.md §5): immutable entries in integer fen. A mistake is
 * corrected by a reversing entry (the negated amount, the reversed entry's date, its own reason),
 * never by an update: the application's role may only SELECT and INSERT `ledger_entries`.
 */
export class LedgerService {
  async recordLedgerEntry(context: RequestContext, input: RecordLedgerEntryInput): Promise<EntryPayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await this.writableCourtyard(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    context.noteAudit('Courtyard', courtyard.id, {
      direction: input.direction,
      amount: input.amount,
      occurredOn: input.occurredOn,
    });

    if (input.direction === LedgerDirection.INCOME) {
      if (!input.incomeSource) errors.add(UserErrorCode.INVALID, ['input', 'incomeSource'], 'LEDGER_SOURCE_REQUIRED');
      if (input.expenseCategory)
        errors.add(UserErrorCode.INVALID, ['input', 'expenseCategory'], 'LEDGER_CATEGORY_NOT_ALLOWED');
    } else {
      if (!input.expenseCategory)
        errors.add(UserErrorCode.INVALID, ['input', 'expenseCategory'], 'LEDGER_CATEGORY_REQUIRED');
      if (input.incomeSource) errors.add(UserErrorCode.INVALID, ['input', 'incomeSource'], 'LEDGER_SOURCE_NOT_ALLOWED');
    }
    const amountFen = this.checkAmount(errors, input.amount);
    await this.checkOccurredOn(context, errors, input.occurredOn);
    const memo = checkOptionalText(errors, ['input', 'memo'], input.memo, MAX_MEMO_LENGTH);
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, LedgerEntry, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        direction: input.direction,
        incomeSource: input.direction === LedgerDirection.INCOME ? input.incomeSource : null,
        expenseCategory: input.direction === LedgerDirection.EXPENSE ? input.expenseCategory : null,
        amountFen: amountFen!,
        occurredOn: input.occurredOn,
        memo,
        reverses: null,
        reason: null,
        ...recorder(em, caller),
        recordedAt: new Date(),
      }),
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(courtyard.id, input.occurredOn, 'ledger');
    context.noteAudit('LedgerEntry', outcome.value.id, { courtyardId: courtyard.id, amountFen });
    return { entry: LedgerEntryView.ofEntity(outcome.value), userErrors: [] };
  }

  async reverseLedgerEntry(context: RequestContext, input: ReverseLedgerEntryInput): Promise<EntryPayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const field = ['input', 'entryId'];
    const decoded = fromGlobalId(input.entryId);
    const [original] =
      decoded?.type === 'LedgerEntry'
        ? await context.em.execute<LedgerEntryRow[]>(
            `select ${ENTRY_COLUMNS} from ledger_entries e where e.id = ?::uuid`,
            [decoded.id],
          )
        : [];
    if (!original) return failed(errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND').list);
    const courtyard = await context.em.findOne(Courtyard, { id: original.courtyard_id });
    if (!courtyard) return failed(errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND').list);
    if (!context.auth.canWriteRecords(courtyardUnit(courtyard)))
      return failed(errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN').list);
    context.noteAudit('LedgerEntry', original.id, { courtyardId: courtyard.id });

    const reason = (input.reason ?? '').trim();
    if (!reason) errors.add(UserErrorCode.INVALID, ['input', 'reason'], 'LEDGER_REASON_REQUIRED');
    else if (reason.length > MAX_REASON_LENGTH)
      errors.add(UserErrorCode.INVALID, ['input', 'reason'], 'TEXT_TOO_LONG', MAX_REASON_LENGTH);
    if (original.reverses_id) {
      errors.add(UserErrorCode.INVALID, field, 'LEDGER_REVERSAL_NOT_REVERSIBLE');
    } else {
      const reversed = await context.em.execute(`select 1 from ledger_entries where reverses_id = ?::uuid limit 1`, [
        original.id,
      ]);
      if (reversed.length) errors.add(UserErrorCode.DUPLICATE, field, 'LEDGER_ALREADY_REVERSED');
    }
    if (errors.any) return failed(errors.list);

    const alreadyReversed = (): UserError => ({
      code: UserErrorCode.DUPLICATE,
      field,
      message: translate(context.locale, 'LEDGER_ALREADY_REVERSED'),
    });
    const outcome = await inSavepoint(context, async (em) => {
      const reversal = persistNew(em, LedgerEntry, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        direction: original.direction,
        incomeSource: original.income_source,
        expenseCategory: original.expense_category,
        amountFen: -Number(original.amount_fen),
        // the reversed entry's date, so that its period's figures are corrected
        occurredOn: original.occurred_on,
        memo: null,
        reverses: em.getReference(LedgerEntry, original.id),
        reason,
        ...recorder(em, caller),
        recordedAt: new Date(),
      });
      try {
        await em.flush();
      } catch (error) {
        // a concurrent reversal of the same entry committed first
        if (
          postgresErrorCode(error) === PG_UNIQUE_VIOLATION &&
          (error as { constraint?: string }).constraint === ONE_REVERSAL_CONSTRAINT
        ) {
          throw new UserErrorsThrown([alreadyReversed()]);
        }
        throw error;
      }
      return reversal;
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(courtyard.id, original.occurred_on, 'ledger');
    context.noteAudit('LedgerEntry', outcome.value.id, { reverses: original.id, courtyardId: courtyard.id });
    return { entry: LedgerEntryView.ofEntity(outcome.value), userErrors: [] };
  }

  /** `Courtyard.ledger(period)`: its figures from one set-based loader per period. */
  async ledger(context: RequestContext, courtyard: Courtyard, periodText: string): Promise<LedgerView> {
    context.requireTenantCaller(ApiScope.RECORDS_READ);
    // the courtyard comes from a list or node(id) that checked it already: this is the backstop
    if (!context.auth.canRead(unitOf(courtyard))) throw forbidden();
    const period = parsePeriod(periodText);
    if (!period) throw badUserInput(`"${periodText}" is not a period`);
    const figures = await ledgerFigures(context, period).load(courtyard.id);
    return Object.assign(new LedgerView(), { courtyardId: courtyard.id, periodOf: period, ...figures });
  }

  async entries(
    context: RequestContext,
    ledger: { courtyardId: string; periodOf: Period },
    page: Page,
  ): Promise<Connection<LedgerEntryView>> {
    const [{ nodes, hasNextPage }, total] = await Promise.all([
      ledgerEntryPages(context, ledger.periodOf, page).load(ledger.courtyardId),
      ledgerEntryCounts(context, ledger.periodOf).load(ledger.courtyardId),
    ]);
    return toConnection(nodes, hasNextPage, total, entryKey, (entry) => entry.entryId);
  }

  /** A ledger entry for `node(id)`: null when it is not in the district or outside what the caller may read. */
  async node(context: RequestContext, id: string): Promise<LedgerEntryView | null> {
    context.requireTenantCaller(ApiScope.RECORDS_READ);
    const [row] = await context.em.execute<LedgerEntryRow[]>(
      `select ${ENTRY_COLUMNS} from ledger_entries e where e.id = ?::uuid`,
      [id],
    );
    if (!row) return null;
    const courtyard = await context.em.findOne(Courtyard, { id: row.courtyard_id });
    return courtyard && context.auth.canRead(unitOf(courtyard)) ? LedgerEntryView.ofRow(row) : null;
  }

  // ---------------------------------------------------------------- checks

  /** NOT_FOUND when the district has no such courtyard, FORBIDDEN outside the caller's role or scope. */
  private async writableCourtyard(
    context: RequestContext,
    errors: UserErrors,
    globalId: string,
  ): Promise<Courtyard | null> {
    const decoded = fromGlobalId(globalId);
    const courtyard = decoded?.type === 'Courtyard' ? await context.em.findOne(Courtyard, { id: decoded.id }) : null;
    if (!courtyard) {
      errors.add(UserErrorCode.NOT_FOUND, ['input', 'courtyardId'], 'NOT_FOUND');
      return null;
    }
    if (!context.auth.canWriteRecords(courtyardUnit(courtyard))) {
      errors.add(UserErrorCode.FORBIDDEN, ['input', 'courtyardId'], 'FORBIDDEN');
      return null;
    }
    return courtyard;
  }

  /**
   * The Money scalar has already refused what is not a decimal number (a BAD_USER_INPUT GraphQL
   * error: "abc", "1e3"); here a well-formed amount with more than two decimals, zero or less, or
   * above the maximum is an INVALID userError.
   */
  private checkAmount(errors: UserErrors, amount: string): number | null {
    const fen = moneyToFen(amount);
    const field = ['input', 'amount'];
    if (fen === null) errors.add(UserErrorCode.INVALID, field, 'LEDGER_AMOUNT_DECIMALS');
    else if (fen <= 0) errors.add(UserErrorCode.INVALID, field, 'LEDGER_AMOUNT_NOT_POSITIVE');
    else if (fen > MAX_AMOUNT_FEN) errors.add(UserErrorCode.INVALID, field, 'LEDGER_AMOUNT_TOO_LARGE', '100000000.00');
    else return fen;
    return null;
  }

  /** A local date of the district, not later than its today. */
  private async checkOccurredOn(context: RequestContext, errors: UserErrors, occurredOn: string): Promise<void> {
    const field = ['input', 'occurredOn'];
    if (!isCalendarDate(occurredOn)) {
      errors.add(UserErrorCode.INVALID, field, 'LEDGER_DATE_OUT_OF_RANGE');
      return;
    }
    const today = context.clock.today();
    if (occurredOn > today) errors.add(UserErrorCode.INVALID, field, 'LEDGER_DATE_IN_FUTURE', today);
  }
}

export const ledgerService = new LedgerService();
