import { Prng } from './prng';

/**
 * Name pools for a workforce that looks like a Northern Virginia city's: each pool keeps first and
 * last names from one naming tradition together, so generated people read as plausible, and a
 * share of people carry a last name from another pool, as families do.
 */
interface NamePool {
  weight: number;
  first: readonly string[];
  last: readonly string[];
}

export const NAME_POOLS: readonly NamePool[] = [
  {
    weight: 38,
    first: [
      'James', 'Mary', 'Michael', 'Jennifer', 'David', 'Sarah', 'Robert', 'Emily', 'William', 'Elizabeth',
      'Matthew', 'Katherine', 'Christopher', 'Megan', 'Daniel', 'Laura', 'Andrew', 'Rachel', 'Ryan', 'Lauren',
      'Kevin', 'Amanda', 'Brian', 'Heather', 'Thomas', 'Allison', 'Patrick', 'Caroline', 'Sean', 'Molly',
      'Eric', 'Anne', 'Timothy', 'Claire', 'Jacob', 'Hannah', 'Nathan', 'Abigail', 'Gregory', 'Colleen',
      'Scott', 'Susan', 'Kyle', 'Erin', 'Jeffrey', 'Diane', 'Peter', 'Margaret', 'Joseph', 'Kathleen',
    ],
    last: [
      'Smith', 'Johnson', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Clark', 'Lewis',
      'Walker', 'Hall', 'Allen', 'Young', 'King', 'Wright', 'Hill', 'Scott', 'Green', 'Baker',
      'Adams', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards',
      'Collins', 'Stewart', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Kelly',
      "O'Connor", 'Sullivan', 'Fitzgerald', 'Schmidt', 'Kowalski', 'Novak', 'Rossi', 'Larsen', 'Olsen', 'Becker',
    ],
  },
  {
    weight: 25,
    first: [
      'Jamal', 'Aaliyah', 'Darnell', 'Keisha', 'Marcus', 'Ebony', 'Terrence', 'Tamika', 'Andre', 'Imani',
      'DeShawn', 'Latoya', 'Malik', 'Jasmine', 'Tyrone', 'Monique', 'Cedric', 'Shanice', 'Reginald', 'Tiana',
      'Darius', 'Kiara', 'Jerome', 'Nia', 'Cornelius', 'Ayanna', 'Maurice', 'Destiny', 'Lamar', 'Yolanda',
      'Alonzo', 'Bernice', 'Calvin', 'Gwendolyn', 'Dwayne', 'Felicia', 'Kendrick', 'Renee', 'Antoine', 'Sheila',
    ],
    last: [
      'Washington', 'Jefferson', 'Jackson', 'Harris', 'Robinson', 'Thomas', 'Brown', 'Williams', 'Johnson', 'Coleman',
      'Jenkins', 'Banks', 'Brooks', 'Bryant', 'Gaines', 'Hawkins', 'Holmes', 'Mack', 'Pryor', 'Randolph',
      'Terrell', 'Wheeler', 'Whitfield', 'Dorsey', 'Freeman', 'Hairston', 'Gilliam', 'Battle', 'Ware', 'Tolliver',
      'Simms', 'Chambers', 'Ellison', 'Lassiter', 'McCoy', 'Grayson', 'Pettiford', 'Spriggs', 'Hatcher', 'Bynum',
    ],
  },
  {
    weight: 16,
    first: [
      'Carlos', 'María', 'José', 'Ana', 'Luis', 'Carmen', 'Jorge', 'Sofía', 'Miguel', 'Lucía',
      'Alejandro', 'Gabriela', 'Javier', 'Daniela', 'Ricardo', 'Valeria', 'Fernando', 'Isabel', 'Diego', 'Rosa',
      'Mateo', 'Camila', 'Óscar', 'Paola', 'Héctor', 'Yesenia', 'Mauricio', 'Karla', 'Wilfredo', 'Marisol',
    ],
    last: [
      'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres',
      'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Cruz', 'Morales', 'Ortiz', 'Gutiérrez', 'Chávez',
      'Romero', 'Vásquez', 'Castillo', 'Mendoza', 'Alvarado', 'Portillo', 'Argueta', 'Benítez', 'Escobar', 'Quintanilla',
    ],
  },
  {
    weight: 4,
    first: ['Abebe', 'Selam', 'Dawit', 'Meron', 'Yonas', 'Hiwot', 'Tewodros', 'Bethlehem', 'Samuel', 'Tsion', 'Kidane', 'Liya', 'Biniam', 'Rahel'],
    last: ['Tesfaye', 'Haile', 'Bekele', 'Girma', 'Alemu', 'Mekonnen', 'Gebremedhin', 'Tadesse', 'Wolde', 'Assefa', 'Kebede', 'Desta', 'Berhane', 'Negash'],
  },
  {
    weight: 3,
    first: ['Chinedu', 'Adaeze', 'Kwame', 'Ama', 'Oluwaseun', 'Folake', 'Kofi', 'Abena', 'Emeka', 'Ngozi', 'Ibrahim', 'Aminata', 'Mamadou', 'Fatoumata'],
    last: ['Okafor', 'Mensah', 'Adeyemi', 'Owusu', 'Nwosu', 'Boateng', 'Diallo', 'Traoré', 'Okonkwo', 'Asante', 'Bah', 'Sesay', 'Kamara', 'Conteh'],
  },
  {
    weight: 4,
    first: ['Priya', 'Rahul', 'Anjali', 'Vikram', 'Deepa', 'Arjun', 'Sanjay', 'Meera', 'Nikhil', 'Kavya', 'Imran', 'Fatima', 'Raj', 'Sunita'],
    last: ['Patel', 'Shah', 'Singh', 'Kumar', 'Sharma', 'Gupta', 'Reddy', 'Iyer', 'Chowdhury', 'Rahman', 'Desai', 'Mehta', 'Khan', 'Qureshi'],
  },
  {
    weight: 2,
    first: ['Wei', 'Mei', 'Jian', 'Xiaoling', 'Hao', 'Yan', 'Lei', 'Jing', 'Kevin', 'Grace', 'Michelle', 'Eric'],
    last: ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Huang', 'Lin', 'Zhao', 'Wu', 'Zhou'],
  },
  {
    weight: 2,
    first: ['Min-jun', 'Ji-woo', 'Seo-yeon', 'Hyun-woo', 'Eun-ji', 'Daniel', 'Grace', 'Joon', 'Soo-ah', 'Jae'],
    last: ['Kim', 'Park', 'Lee', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Han', 'Lim'],
  },
  {
    weight: 2,
    first: ['Minh', 'Linh', 'Thanh', 'Mai', 'Tuan', 'Thao', 'Hieu', 'Trang', 'Long', 'Ngoc'],
    last: ['Nguyen', 'Tran', 'Pham', 'Le', 'Hoang', 'Vo', 'Dang', 'Bui', 'Do', 'Huynh'],
  },
  {
    weight: 2,
    first: ['Maria', 'Jose', 'Mark', 'Kristine', 'Angelo', 'Jocelyn', 'Rommel', 'Marites', 'Paolo', 'Rowena'],
    last: ['Santos', 'Reyes', 'Bautista', 'Dela Cruz', 'Villanueva', 'Mendoza', 'Aquino', 'Ramos', 'Manalo', 'Soriano'],
  },
  {
    weight: 2,
    first: ['Omar', 'Layla', 'Yusuf', 'Nadia', 'Karim', 'Rania', 'Tariq', 'Samira', 'Hassan', 'Noor', 'Amir', 'Dalia'],
    last: ['Haddad', 'Khalil', 'Mansour', 'Nasser', 'Saleh', 'Hamdan', 'Abdullah', 'Farouk', 'Aziz', 'Darwish', 'Sabbagh', 'Jaber'],
  },
];

/** How often someone's last name comes from a different pool than their first name. */
const MIXED_SHARE = 0.12;

export interface PersonName {
  firstName: string;
  lastName: string;
}

export function generateName(prng: Prng): PersonName {
  const pool = prng.weighted(NAME_POOLS, (p) => p.weight);
  const firstName = prng.pick(pool.first);
  const lastPool = prng.next() < MIXED_SHARE ? prng.weighted(NAME_POOLS, (p) => p.weight) : pool;
  return { firstName, lastName: prng.pick(lastPool.last) };
}

/** "María José" → "mariajose", "O'Connor" → "oconnor", "Dela Cruz" → "delacruz", "Min-jun" → "min-jun". */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/**
 * Hands out `first.last@domain` addresses, adding 2, 3, … to the local part when the plain one is
 * taken, in the order people are generated, so the same city always gets the same addresses.
 */
export class EmailAllocator {
  private readonly taken = new Set<string>();

  constructor(private readonly domain: string) {}

  allocate(name: PersonName): string {
    const base = `${emailPart(name.firstName)}.${emailPart(name.lastName)}`;
    let local = base;
    for (let n = 2; this.taken.has(local); n++) local = `${base}${n}`;
    this.taken.add(local);
    return `${local}@${this.domain}`;
  }
}
