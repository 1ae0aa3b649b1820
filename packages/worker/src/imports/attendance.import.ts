import { ACTIVITY_KIND_VALUES, ImportKind } from '@xiaoyuan/schema';
import { INT4_MAX, choice, code, date, integer, text } from './field-rules';
import { flagRows, type ImportKindDefinition, STAGING_TABLE as S } from './import-kind';
import { flagDuplicatesInFile, flagUnknownCodes } from './staging-queries';

const ACTIVITY_KEY = ['courtyard_code', 'held_on', 'kind', 'title'];

/**
 * Activity attendance, one row per household and activity: rows sharing (`courtyard_code`,
 * `held_on`, `activity_kind`, `activity_title`) form one activity. A household code that is not
 * registered in the courtyard is an error of its row (UNKNOWN_HOUSEHOLD), so is a household twice
 * in one activity, and an activity that exists already (same courtyard, date, kind and title: a
 * file uploaded twice).
 */
export const attendanceImport: ImportKindDefinition = {
  kind: ImportKind.ATTENDANCE,
  staged: [
    { name: 'courtyard_code', type: 'text' },
    { name: 'held_on', type: 'date' },
    { name: 'kind', type: 'text' },
    { name: 'title', type: 'text' },
    { name: 'household_code', type: 'text' },
    { name: 'participants', type: 'integer' },
    { name: 'youth_participants', type: 'integer' },
  ],
  resolved: [
    { name: 'courtyard_id', type: 'uuid' },
    { name: 'household_id', type: 'uuid' },
  ],

  stage(field, flag, { today }) {
    const participants = integer(field('participants'), 'participants', flag, { min: 1, max: INT4_MAX, fallback: 1 });
    let youth = integer(field('youth_participants'), 'youth_participants', flag, {
      min: 0,
      max: INT4_MAX,
      fallback: 0,
    });
    if (youth !== null && participants !== null && youth > participants) {
      flag('youth_participants', 'INVALID', 'YOUTH_ABOVE_PARTICIPANTS', { max: participants });
      youth = null;
    }
    return [
      code(field('courtyard_code'), 'courtyard_code', flag),
      date(field('held_on'), 'held_on', flag, { required: true, notAfter: today }),
      choice(field('activity_kind'), 'activity_kind', flag, ACTIVITY_KIND_VALUES),
      text(field('activity_title'), 'activity_title', flag, { required: true, max: 200 }),
      text(field('household_code'), 'household_code', flag, { required: true, max: 32 }),
      participants,
      youth,
    ];
  },

  async validate(em, report) {
    await em.execute(`update ${S} s set courtyard_id = c.id from courtyards c where c.code = s.courtyard_code`);
    await em.execute(
      `update ${S} s set household_id = h.id from households h where h.courtyard_id = s.courtyard_id and h.code = s.household_code`,
    );
    await flagUnknownCodes(em, report, 'courtyard');
    await flagRows(
      em,
      report,
      `select line, household_code as value, courtyard_code from ${S} where courtyard_id is not null and household_code is not null and household_id is null`,
      'household_code',
      'UNKNOWN_HOUSEHOLD',
      'UNKNOWN_HOUSEHOLD',
      (row) => ({ value: String(row.value), courtyard: String(row.courtyard_code) }),
    );
    await flagDuplicatesInFile(
      em,
      report,
      'household_code',
      [...ACTIVITY_KEY, 'household_code'],
      'HOUSEHOLD_TWICE_IN_ACTIVITY',
    );
    await flagRows(
      em,
      report,
      `select s.line from ${S} s
       where exists (select 1 from activities a
                     where a.courtyard_id = s.courtyard_id and a.held_on = s.held_on and a.kind = s.kind and a.title = s.title)`,
      'activity_title',
      'DUPLICATE',
      'ACTIVITY_EXISTS',
      () => ({}),
    );
  },

  async store(em, tenantId) {
    const rows = await em.execute<{ n: string }[]>(
      `with activity as (
         insert into activities (tenant_id, courtyard_id, kind, title, held_on)
         select ?, courtyard_id, kind, title, held_on from ${S}
         group by courtyard_id, kind, title, held_on order by min(line)
         returning id, courtyard_id, kind, title, held_on),
       stored as (
         insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants)
         select ?, a.id, s.household_id, s.participants, s.youth_participants
         from ${S} s join activity a on a.courtyard_id = s.courtyard_id and a.kind = s.kind and a.title = s.title and a.held_on = s.held_on
         returning 1)
       select count(*) as n from stored`,
      [tenantId, tenantId],
    );
    return Number(rows[0].n);
  },

  // participation and youth participation of the courtyards, from the earliest activity's month
  async touched(em) {
    const [row] = await em.execute<{ ids: string[] | null; first_month: string | null }[]>(
      `select array_agg(distinct courtyard_id) as ids, to_char(min(held_on), 'YYYY-MM') as first_month from ${S}`,
    );
    return row?.ids?.length && row.first_month ? { courtyardIds: row.ids, firstMonth: row.first_month } : null;
  },
};
