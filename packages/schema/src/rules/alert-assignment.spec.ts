import { AlertLevel } from '../enums';
import { assignedUnit } from './alert-assignment';

describe('assignedUnit (DOMAIN.md §7)', () => {
  const units = { streetId: 'street-1', communityId: 'community-1' };

  it("assigns a yellow alert to the courtyard's community, a red one to its street", () => {
    expect(assignedUnit({ level: AlertLevel.YELLOW, ...units })).toEqual({ level: 'COMMUNITY', id: 'community-1' });
    expect(assignedUnit({ level: AlertLevel.RED, ...units })).toEqual({ level: 'STREET', id: 'street-1' });
    // the level as the API reads it from SQL
    expect(assignedUnit({ level: 'RED', ...units })).toEqual({ level: 'STREET', id: 'street-1' });
  });
});
