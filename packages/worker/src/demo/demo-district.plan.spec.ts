import { CourtyardType } from '@xiaoyuan/schema';
import { planDemoDistrict } from './demo-district.plan';

describe('planDemoDistrict', () => {
  it('is a function of the seed', () => {
    expect(planDemoDistrict(7)).toEqual(planDemoDistrict(7));
    expect(planDemoDistrict(7).courtyards.map((c) => c.name)).not.toEqual(
      planDemoDistrict(8).courtyards.map((c) => c.name),
    );
  });

  it.each([1, 42, 20261130, 987654321])('has the demo shape for seed %i', (seed) => {
    const plan = planDemoDistrict(seed);
    expect(plan.streets).toHaveLength(8);
    expect(new Set(plan.streets.map((s) => s.name)).size).toBe(8);
    for (const street of plan.streets) {
      const count = plan.communities.filter((c) => c.streetCode === street.code).length;
      expect(count).toBeGreaterThanOrEqual(4);
      expect(count).toBeLessThanOrEqual(6);
    }
    expect(plan.communities).toHaveLength(40);
    expect(plan.communities.every((c) => c.name.endsWith('社区'))).toBe(true);
    expect(plan.courtyards).toHaveLength(300);
    for (const community of plan.communities) {
      const count = plan.courtyards.filter((c) => c.communityCode === community.code).length;
      expect(count).toBeGreaterThanOrEqual(5);
      expect(count).toBeLessThanOrEqual(10);
    }
    expect(new Set(plan.courtyards.map((c) => c.type))).toEqual(new Set(Object.values(CourtyardType)));
    const codes = [...plan.streets, ...plan.communities, ...plan.courtyards].map((unit) => unit.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^[A-Za-z0-9_-]{1,32}$/.test(code))).toBe(true);
    expect(new Set(plan.courtyards.map((c) => c.name)).size).toBe(300);

    let households = 0;
    let withContact = 0;
    const wrong: string[] = [];
    for (const courtyard of plan.courtyards) {
      if (courtyard.householdCount < 20 || courtyard.householdCount > 200) wrong.push(`${courtyard.code} count`);
      if (courtyard.households.length !== courtyard.householdCount) wrong.push(`${courtyard.code} households`);
      if (new Set(courtyard.households.map((h) => h.code)).size !== courtyard.households.length)
        wrong.push(`${courtyard.code} codes`);
      for (const household of courtyard.households) {
        if (!/^\d+-\d{3,4}$/.test(household.code)) wrong.push(household.code);
        if (household.areaSqm < 45 || household.areaSqm > 140) wrong.push(`${household.code} area`);
        if ((household.contactName === null) !== (household.contactPhone === null))
          wrong.push(`${household.code} contact`);
        if (household.contactName) {
          withContact++;
          if (!/^[\u4e00-\u9fa5]{2,4}$/.test(household.contactName)) wrong.push(household.contactName);
          if (!/^1\d{10}$/.test(household.contactPhone!)) wrong.push(household.contactPhone!);
        }
      }
      households += courtyard.householdCount;
    }
    expect(wrong).toEqual([]);
    expect(households).toBeGreaterThan(20_000);
    expect(households).toBeLessThan(40_000);
    expect(withContact / households).toBeGreaterThan(0.45);
    expect(withContact / households).toBeLessThan(0.55);
  });
});
