import type { SeededRandom } from './random'

/** Where demo leads live: real city, county, state, zip and area code combinations. */
const PLACES = [
  ['San Francisco', 'San Francisco', 'CA', '94103', '415'],
  ['Los Angeles', 'Los Angeles', 'CA', '90012', '213'],
  ['San Diego', 'San Diego', 'CA', '92101', '619'],
  ['Sacramento', 'Sacramento', 'CA', '95814', '916'],
  ['Phoenix', 'Maricopa', 'AZ', '85004', '602'],
  ['Austin', 'Travis', 'TX', '78701', '512'],
  ['Houston', 'Harris', 'TX', '77002', '713'],
  ['Miami', 'Miami-Dade', 'FL', '33130', '305'],
  ['Orlando', 'Orange', 'FL', '32801', '407'],
  ['Las Vegas', 'Clark', 'NV', '89101', '702'],
  ['New York', 'New York', 'NY', '10001', '212'],
  ['Brooklyn', 'Kings', 'NY', '11201', '718'],
  ['Chicago', 'Cook', 'IL', '60601', '312'],
  ['Seattle', 'King', 'WA', '98101', '206'],
  ['Denver', 'Denver', 'CO', '80202', '303'],
  ['Atlanta', 'Fulton', 'GA', '30303', '404'],
  ['Boston', 'Suffolk', 'MA', '02108', '617'],
  ['Columbus', 'Franklin', 'OH', '43215', '614'],
] as const

const FIRST = [
  'James',
  'Maria',
  'Robert',
  'Linda',
  'Michael',
  'Sofia',
  'David',
  'Aisha',
  'Daniel',
  'Mei',
  'Carlos',
  'Emily',
  'Kwame',
  'Olivia',
  'Noah',
  'Priya',
  'Lucas',
  'Hannah',
  'Mateo',
  'Grace',
  'Ethan',
  'Fatima',
  'Liam',
  'Chloe',
]
const LAST = [
  'Smith',
  'Garcia',
  'Johnson',
  'Nguyen',
  'Williams',
  'Patel',
  'Brown',
  'Kim',
  'Jones',
  'Lopez',
  'Miller',
  'Okafor',
  'Davis',
  'Chen',
  'Wilson',
  'Martinez',
  'Anderson',
  'Rossi',
  'Taylor',
  'Haddad',
]
const STREETS = [
  'Oak St',
  'Maple Ave',
  'Pine Rd',
  'Cedar Ln',
  'Elm St',
  'Lakeview Dr',
  'Sunset Blvd',
  'Park Ave',
  'Hillcrest Rd',
  'Mission St',
]
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com']
const INSURERS = ['Northstar Mutual', 'Bluebird Insurance', 'Summit Auto', 'None', 'Keystone General']

export interface Person {
  first_name: string
  last_name: string
  email: string
  phone: string
  address: string
  city: string
  county: string
  state: string
  zip: string
}

/** A person with a unique email and phone (the counter makes them unique), in a random place. */
export function person(rng: SeededRandom, n: number): Person {
  const [city, county, state, zip, area] = rng.pick(PLACES)
  const first = rng.pick(FIRST)
  const last = rng.pick(LAST)
  // Exchange 200–999 and a line number from the counter: valid-looking, never repeating.
  const exchange = 200 + (Math.floor(n / 10_000) % 800)
  const line = String(n % 10_000).padStart(4, '0')
  return {
    first_name: first,
    last_name: last,
    email: `${first}.${last}.${n}@${rng.pick(DOMAINS)}`.toLowerCase(),
    phone: `(${area}) ${exchange}-${line}`,
    address: `${rng.int(10, 9999)} ${rng.pick(STREETS)}`,
    city,
    county,
    state,
    zip,
  }
}

export type CategorySlug = 'auto' | 'home' | 'solar'

/** The category's own fields for one lead. */
export function details(rng: SeededRandom, slug: CategorySlug): Record<string, unknown> {
  switch (slug) {
    case 'auto':
      return {
        vehicles: rng.int(1, 4),
        current_insurer: rng.pick(INSURERS),
        credit_rating: rng.pick(['Excellent', 'Good', 'Fair', 'Poor']),
        date_of_birth: `${rng.int(1950, 2004)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        tracking_id: `trk-${rng.int(100000, 999999)}`,
      }
    case 'home':
      return {
        home_value: rng.int(12, 150) * 10_000,
        year_built: rng.int(1920, 2024),
        roof_type: rng.pick(['Shingle', 'Tile', 'Metal', 'Flat']),
        owner: rng.chance(0.7),
        internal_score: rng.int(1, 100),
      }
    case 'solar':
      return {
        monthly_bill: rng.int(40, 450),
        roof_shade: rng.pick(['None', 'Partial', 'Full']),
        homeowner: rng.chance(0.65),
        utility: rng.pick(['PG&E', 'SCE', 'APS', 'FPL', 'Con Edison', 'ComEd']),
      }
  }
}
