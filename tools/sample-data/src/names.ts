// Pools for synthetic people and programmes. Accents, apostrophes (straight and curly),
// hyphens and multi-word surnames are deliberate: real SIS exports are full of them.

export const FIRST_NAMES: readonly string[] = [
  'José',
  'Zoë',
  'Siobhán',
  'Amélie',
  'Björn',
  'Chloé',
  'Łukasz',
  'Noémie',
  'Søren',
  'Hélène',
  'François',
  'Jürgen',
  'Renée',
  'Inés',
  'Thanh',
  'Minh',
  'Ngọc',
  'Seán',
  'Niamh',
  'Mary-Kate',
  "D'Andre",
  'Mohammed',
  'Aisha',
  'Wei',
  'Priya',
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Lucas',
  'Mia',
  'Ethan',
  'Sofia',
  'Mateo',
  'Hannah',
  'Daniel',
  'Grace',
  'Oliver',
  'Fatima',
  'Yusuf',
  'Ananya',
  'Kwame',
  'Chiara',
  'Hiroshi',
  'Yuki',
  'Olga',
  'Dmitri',
  'Ana',
  'Samuel',
  'Isabella',
  'James',
  'Charlotte',
  'Benjamin',
  'Amelia',
  'Henry',
  'Leah',
  'Jack',
  'Zainab',
  'Arjun',
];

export const LAST_NAMES: readonly string[] = [
  "O'Brien",
  'O’Neill',
  "D'Souza",
  'Nguyễn',
  'Trần',
  'Müller',
  'García',
  'López',
  'Martínez',
  'Fernández-Gómez',
  'Kowalski',
  'Novák',
  'Østergaard',
  'Dubois',
  'Lefèvre',
  'Rossi',
  'Bianchi',
  'Schröder',
  'Yılmaz',
  'Şahin',
  'van der Berg',
  'de la Cruz',
  'Al-Sayed',
  'MacDonald',
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Kim',
  'Park',
  'Chen',
  'Wang',
  'Li',
  'Singh',
  'Patel',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Silva',
  'Santos',
  'Costa',
  'Schmidt',
  'Andersson',
  'Johansson',
  'Murphy',
  'Kelly',
  'Haddad',
  'Cohen',
  'Ivanova',
  'Petrov',
  'Nakamura',
  'Tanaka',
  'Sato',
  'Taylor',
  'Wilson',
  'Davies',
  'Evans',
  'Thomas',
  'Roberts',
];

/** Generational suffixes that exports glue onto the last name with a comma ("O'Brien, Jr."). */
export const NAME_SUFFIXES: readonly string[] = ['Jr.', 'Sr.', 'II', 'III'];

export interface Department {
  name: string;
  coursePrefix: string;
  /** Titles include commas, semicolons and quotes on purpose (quoting practice for every dialect). */
  courseTitles: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Computer Science',
    coursePrefix: 'CS',
    courseTitles: [
      'Introduction to Programming',
      'Data Structures',
      'Algorithms; Design and Analysis',
      'Databases',
      'Operating Systems',
      'Data, Ethics and Society',
      'Machine Learning',
    ],
  },
  {
    name: 'Mathematics',
    coursePrefix: 'MATH',
    courseTitles: [
      'Calculus I',
      'Calculus II',
      'Linear Algebra',
      'Probability, Statistics and Inference',
      'Discrete Mathematics',
      'Real Analysis',
    ],
  },
  {
    name: 'Physics',
    coursePrefix: 'PHYS',
    courseTitles: ['Mechanics', 'Electricity & Magnetism', 'Quantum Physics', 'Thermodynamics; Heat and Work', 'Astrophysics'],
  },
  {
    name: 'History',
    coursePrefix: 'HIST',
    courseTitles: [
      'World History to 1500',
      'Modern Europe, 1789–1945',
      'History of Science',
      'The "Long" Nineteenth Century',
      'Empires and Colonies',
    ],
  },
  {
    name: 'Economics',
    coursePrefix: 'ECON',
    courseTitles: [
      'Principles of Microeconomics',
      'Principles of Macroeconomics',
      'Econometrics',
      'Money, Banking and Finance',
      'Development Economics',
    ],
  },
  {
    name: 'Biology',
    coursePrefix: 'BIO',
    courseTitles: ['Cell Biology', 'Genetics', 'Ecology', 'Human Anatomy & Physiology', 'Microbiology'],
  },
  {
    name: 'Nursing',
    coursePrefix: 'NURS',
    courseTitles: ['Foundations of Nursing', 'Pharmacology', 'Clinical Practice I', "Women's and Children's Health", 'Community Health'],
  },
  {
    name: 'English',
    coursePrefix: 'ENGL',
    courseTitles: [
      'Academic Writing',
      'Shakespeare: "Hamlet" to "The Tempest"',
      'Modern Poetry',
      'Creative Writing',
      'Literature and Film',
    ],
  },
  {
    name: 'Psychology',
    coursePrefix: 'PSY',
    courseTitles: [
      'Introduction to Psychology',
      'Cognitive Psychology',
      'Research Methods',
      'Developmental Psychology',
      'Social Psychology',
    ],
  },
];

export interface Program {
  code: string;
  department: string;
}

export const PROGRAMS: readonly Program[] = [
  { code: 'BSC-CS', department: 'Computer Science' },
  { code: 'MSC-DS', department: 'Computer Science' },
  { code: 'BSC-MATH', department: 'Mathematics' },
  { code: 'BSC-PHYS', department: 'Physics' },
  { code: 'BA-HIST', department: 'History' },
  { code: 'BA-ECON', department: 'Economics' },
  { code: 'BSC-BIO', department: 'Biology' },
  { code: 'BSN-NURS', department: 'Nursing' },
  { code: 'BA-ENGL', department: 'English' },
  { code: 'BSC-PSY', department: 'Psychology' },
];

/**
 * A plain ASCII e-mail local part from a name: accents dropped, apostrophes and spaces removed
 * (`Nguyễn` → `nguyen`, `O'Brien` → `obrien`).
 */
export function emailLocalPart(firstName: string, lastName: string): string {
  const fold = (text: string): string =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ł/g, 'l')
      .replace(/ø/g, 'o')
      .replace(/ı/g, 'i')
      .replace(/[^a-z0-9-]/g, '');
  return `${fold(firstName)}.${fold(lastName)}`;
}
