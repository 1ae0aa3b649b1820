import { CourtyardType } from '@xiaoyuan/schema';
import {
  COMMERCIAL_SUFFIXES,
  COMMERCIAL_WORDS,
  COMMUNITY_WORDS,
  GIVEN_NAME_CHARACTERS,
  LANES,
  MIXED_USE_WORDS,
  MOBILE_PREFIXES,
  OLD_COMPOUND_WORDS,
  RESETTLEMENT_WORDS,
  ROADS,
  STREET_NAMES,
  SURNAMES,
  WORK_UNITS,
  WORK_UNIT_SUFFIXES,
} from './demo-words';
import { SeededRandom } from './seeded-random';

export interface PlannedStreet {
  code: string;
  name: string;
}

export interface PlannedCommunity {
  code: string;
  name: string;
  streetCode: string;
}

export interface PlannedHousehold {
  code: string;
  areaSqm: number;
  contactName: string | null;
  contactPhone: string | null;
}

export interface PlannedCourtyard {
  code: string;
  name: string;
  type: CourtyardType;
  address: string;
  streetCode: string;
  communityCode: string;
  householdCount: number;
  households: PlannedHousehold[];
}

export interface DemoDistrictPlan {
  streets: PlannedStreet[];
  communities: PlannedCommunity[];
  courtyards: PlannedCourtyard[];
}

export const DEMO_SHAPE = {
  streets: 8,
  communitiesPerStreet: 5, // 4–6 each, 40 in all
  courtyardsPerCommunity: 7.5, // 5–10 each, 300 in all
  minCourtyardsPerCommunity: 5,
  maxCourtyardsPerCommunity: 10,
} as const;

const TYPE_WEIGHTS: Record<CourtyardType, number> = {
  [CourtyardType.OLD_COMPOUND]: 40,
  [CourtyardType.COMMERCIAL_HOUSING]: 30,
  [CourtyardType.WORK_UNIT_DORMITORY]: 20,
  [CourtyardType.OTHER]: 10,
};

// Building shape and flat sizes by kind of courtyard: low walk-ups in old compounds and
// dormitories, towers in commercial housing, bungalows and small buildings otherwise.
const LAYOUT: Record<
  CourtyardType,
  { households: [number, number]; floors: [number, number]; perFloor: [number, number]; area: [number, number] }
> = {
  [CourtyardType.OLD_COMPOUND]: { households: [24, 120], floors: [5, 6], perFloor: [2, 3], area: [45, 85] },
  [CourtyardType.COMMERCIAL_HOUSING]: { households: [80, 200], floors: [11, 18], perFloor: [2, 4], area: [75, 140] },
  [CourtyardType.WORK_UNIT_DORMITORY]: { households: [30, 150], floors: [4, 6], perFloor: [2, 4], area: [45, 90] },
  [CourtyardType.OTHER]: { households: [20, 80], floors: [1, 3], perFloor: [2, 4], area: [45, 110] },
};

const ORDINALS = ['二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * The whole demo district as plain data, a pure function of the seed: 8 streets, 40 communities,
 * 300 courtyards of the four kinds and their households (about 28,000).
 */
export function planDemoDistrict(seed: number): DemoDistrictPlan {
  const random = new SeededRandom(seed);

  const streets: PlannedStreet[] = random
    .shuffle(STREET_NAMES)
    .slice(0, DEMO_SHAPE.streets)
    .map((name, index) => ({ code: `JD${pad(index + 1, 2)}`, name }));

  // 4–6 communities per street, exactly 40 in all
  const communityOffsets = random.shuffle([-1, -1, 0, 0, 0, 0, 1, 1]);
  const communityWords = random.shuffle(COMMUNITY_WORDS);
  const communities: PlannedCommunity[] = [];
  streets.forEach((street, streetIndex) => {
    const count = DEMO_SHAPE.communitiesPerStreet + communityOffsets[streetIndex % communityOffsets.length];
    for (let i = 1; i <= count; i++) {
      communities.push({
        code: `SQ${street.code.slice(2)}${pad(i, 2)}`,
        name: `${communityWords[communities.length % communityWords.length]}社区`,
        streetCode: street.code,
      });
    }
  });

  // 5–10 courtyards per community, exactly 300 in all
  const total = Math.round(communities.length * DEMO_SHAPE.courtyardsPerCommunity);
  const base = Math.floor(total / communities.length);
  const extra = new Set(
    random.shuffle(communities.map((_, index) => index)).slice(0, total - base * communities.length),
  );
  const courtyardCounts = communities.map((_, index) => base + (extra.has(index) ? 1 : 0));
  for (let i = 0; i < communities.length * 2; i++) {
    const from = random.integer(0, communities.length - 1);
    const to = random.integer(0, communities.length - 1);
    if (
      courtyardCounts[from] > DEMO_SHAPE.minCourtyardsPerCommunity &&
      courtyardCounts[to] < DEMO_SHAPE.maxCourtyardsPerCommunity
    ) {
      courtyardCounts[from]--;
      courtyardCounts[to]++;
    }
  }

  const names = new Set<string>();
  const courtyards: PlannedCourtyard[] = [];
  communities.forEach((community, communityIndex) => {
    const roads = random.shuffle(ROADS).slice(0, 3);
    for (let i = 0; i < courtyardCounts[communityIndex]; i++) {
      const type = random.weighted(TYPE_WEIGHTS);
      courtyards.push(planCourtyard(random, names, roads, community, courtyards.length + 1, type));
    }
  });

  // all four kinds are present, whatever the seed
  for (const type of Object.values(CourtyardType)) {
    if (courtyards.some((courtyard) => courtyard.type === type)) continue;
    const index = random.integer(0, courtyards.length - 1);
    const community = communities.find((candidate) => candidate.code === courtyards[index].communityCode)!;
    names.delete(courtyards[index].name);
    courtyards[index] = planCourtyard(random, names, random.shuffle(ROADS).slice(0, 3), community, index + 1, type);
  }

  return { streets, communities, courtyards };
}

function planCourtyard(
  random: SeededRandom,
  names: Set<string>,
  roads: readonly string[],
  community: PlannedCommunity,
  number: number,
  type: CourtyardType,
): PlannedCourtyard {
  const layout = LAYOUT[type];
  const householdCount = random.integer(...layout.households);
  const { name, lane } = uniqueName(random, names, type);
  const address = lane ? `${lane}${random.integer(1, 60)}号` : `${random.pick(roads)}${random.integer(1, 320)}号`;
  return {
    code: `XY${pad(number, 4)}`,
    name,
    type,
    address,
    streetCode: community.streetCode,
    communityCode: community.code,
    householdCount,
    households: planHouseholds(random, layout, householdCount),
  };
}

function uniqueName(random: SeededRandom, names: Set<string>, type: CourtyardType): { name: string; lane?: string } {
  let candidate = { name: '' } as { name: string; lane?: string };
  for (let attempt = 0; attempt < 20; attempt++) {
    candidate = courtyardName(random, type);
    if (!names.has(candidate.name)) break;
  }
  // still taken: a later phase (二期) or a further building of the same compound
  let name = candidate.name;
  for (let i = 0; names.has(name); i++) {
    name = i < ORDINALS.length ? `${candidate.name}${ORDINALS[i]}期` : `${candidate.name}${i + 2}号院`;
  }
  names.add(name);
  return { ...candidate, name };
}

function courtyardName(random: SeededRandom, type: CourtyardType): { name: string; lane?: string } {
  switch (type) {
    case CourtyardType.OLD_COMPOUND:
      return { name: `${random.pick(OLD_COMPOUND_WORDS)}小区 ${random.integer(1, 12)}号院` };
    case CourtyardType.COMMERCIAL_HOUSING:
      return { name: `${random.pick(COMMERCIAL_WORDS)}${random.pick(COMMERCIAL_SUFFIXES)}` };
    case CourtyardType.WORK_UNIT_DORMITORY:
      return { name: `${random.pick(WORK_UNITS)}${random.pick(WORK_UNIT_SUFFIXES)}` };
    case CourtyardType.OTHER: {
      const kind = random.integer(0, 2);
      if (kind === 0) {
        const lane = random.pick(LANES);
        return { name: `${lane}平房院 ${random.integer(1, 20)}号`, lane };
      }
      if (kind === 1) return { name: `${random.pick(RESETTLEMENT_WORDS)}安置小区` };
      return { name: `${random.pick(MIXED_USE_WORDS)}大厦商住楼` };
    }
  }
}

// Codes like 3-201 (building 3, floor 2, flat 01), filled building by building; flats at the
// same position of every floor share a size, as in a real building.
function planHouseholds(
  random: SeededRandom,
  layout: (typeof LAYOUT)[CourtyardType],
  count: number,
): PlannedHousehold[] {
  const floors = random.integer(...layout.floors);
  const perFloor = random.integer(...layout.perFloor);
  const sizes = Array.from({ length: perFloor }, () => random.decimal(...layout.area));
  const households: PlannedHousehold[] = [];
  for (let building = 1; households.length < count; building++) {
    for (let floor = 1; floor <= floors && households.length < count; floor++) {
      for (let flat = 1; flat <= perFloor && households.length < count; flat++) {
        const withContact = random.chance(0.5);
        households.push({
          code: `${building}-${floor}${pad(flat, 2)}`,
          areaSqm: sizes[flat - 1],
          contactName: withContact ? personName(random) : null,
          contactPhone: withContact ? mobileNumber(random) : null,
        });
      }
    }
  }
  return households;
}

function personName(random: SeededRandom): string {
  const given = random.chance(0.7)
    ? random.pick(GIVEN_NAME_CHARACTERS) + random.pick(GIVEN_NAME_CHARACTERS)
    : random.pick(GIVEN_NAME_CHARACTERS);
  return random.pick(SURNAMES) + given;
}

function mobileNumber(random: SeededRandom): string {
  return random.pick(MOBILE_PREFIXES) + pad(random.integer(0, 99_999_999), 8);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
