import { describe, expect, it } from 'vitest';
import {
  compactAttendanceRows,
  splitHouseholdCodes,
  toAttendanceInput,
  validateAttendanceRows,
  type AttendanceRow,
} from './attendance-rows';

let key = 0;
const row = (
  householdCode: string,
  participants: number | null = null,
  youthParticipants: number | null = null,
): AttendanceRow => ({
  key: (key += 1),
  householdCode,
  participants,
  youthParticipants,
});

describe('validateAttendanceRows', () => {
  it('accepts good rows with the defaults left out', () => {
    expect(validateAttendanceRows([row('3-201'), row('3-202', 3, 2), row('A_1', 1, 0)])).toEqual({});
  });

  it('names the row and field of each problem', () => {
    expect(
      validateAttendanceRows([
        row('3-201', 2, 3),
        row('', 1),
        row('3 201'),
        row('3-201'),
        row('3-203', 0, -1),
        row('3-204', 1.5),
      ]),
    ).toEqual({
      'attendance.0.youthParticipants': 'youthAboveParticipants',
      'attendance.1.householdCode': 'required',
      'attendance.2.householdCode': 'codePattern',
      'attendance.3.householdCode': 'duplicate',
      'attendance.4.participants': 'participants',
      'attendance.4.youthParticipants': 'youthParticipants',
      'attendance.5.participants': 'participants',
    });
  });

  it('ignores rows left completely empty', () => {
    expect(validateAttendanceRows([row('3-201'), row('')])).toEqual({});
  });
});

describe('attendance input', () => {
  it('drops empty rows, trims codes and fills the defaults', () => {
    const rows = compactAttendanceRows([row(' 3-201 '), row(''), row('3-202', 2, 1)]);
    expect(toAttendanceInput(rows)).toEqual([
      { householdCode: '3-201', participants: 1, youthParticipants: 0 },
      { householdCode: '3-202', participants: 2, youthParticipants: 1 },
    ]);
  });

  it('splits pasted codes on commas, spaces and new lines, once each', () => {
    expect(splitHouseholdCodes('3-201, 3-202\n3-203，3-201；3-204')).toEqual(['3-201', '3-202', '3-203', '3-204']);
    expect(splitHouseholdCodes('  ')).toEqual([]);
  });
});
