/**
 * The demo city's organisation chart, modelled on a Virginia city of about 2,700 staff at roughly
 * one-sixth scale. Department, division and title names are our own wording of what such a city
 * has; headcounts keep the real proportions (police, fire, transportation and environmental
 * services, human services and recreation are the big employers).
 */

export const JOB_CLASSES = [
  'Executive',
  'Management',
  'Professional',
  'Technical',
  'Administrative Support',
  'Trades',
  'Service',
  'Sworn',
  'Uniformed Fire',
] as const;
export type JobClass = (typeof JOB_CLASSES)[number];

/** A job title, its class and (in a mix) how often it is drawn. */
export type Job = readonly [title: string, jobClass: JobClass, weight?: number];

export interface UnitSpec {
  /** Unique, uppercase; divisions extend their department's code (`TES-OPS`). */
  code: string;
  name: string;
  head: Job;
  /**
   * Whom a department's head reports to: one of the deputy city managers (the default), the city
   * manager directly, or nobody in the city's chart (elected officers and council appointees).
   */
  reportsTo?: 'deputy' | 'city-manager' | 'none';
  /** Staff with exactly these jobs, reporting to the head. */
  fixed?: readonly Job[];
  /** How many further staff to draw from `mix`. */
  staff?: number;
  mix?: readonly Job[];
  /** Large units (10+ drawn staff) get front-line supervisors with this job. */
  supervisor?: Job;
  /** Where the unit's people work; inherited from the parent when absent. The head works at the first. */
  locations?: readonly string[];
  /** Divisions under a department, sections under a division. */
  units?: readonly UnitSpec[];
}

const EXEC = 'Executive';
const MGMT = 'Management';
const PROF = 'Professional';
const TECH = 'Technical';
const ADMIN = 'Administrative Support';
const TRADES = 'Trades';
const SERVICE = 'Service';
const SWORN = 'Sworn';
const FIRE = 'Uniformed Fire';

const CITY_HALL = 'City Hall';
const OPERATIONS_CENTER = 'Public Works Operations Center';
const FIELD = 'Field (citywide)';
const COURTHOUSE = 'Courthouse';
const HUMAN_SERVICES = 'Human Services Center';
const FIRE_STATIONS = [201, 202, 203, 204, 205, 206, 207, 208, 209, 210].map((n) => `Fire Station ${n}`);
const RECREATION_CENTERS = [
  'Charles Houston Recreation Center',
  'Chinquapin Park Recreation Center',
  'Patrick Henry Recreation Center',
  'Mount Vernon Recreation Center',
  'Lee Center',
];
const LIBRARIES = ['Beatley Central Library', 'Barrett Branch Library', 'Duncan Branch Library', 'Burke Branch Library'];

export const CITY_UNITS: readonly UnitSpec[] = [
  {
    code: 'CMO',
    name: "City Manager's Office",
    head: ['City Manager', EXEC],
    reportsTo: 'none',
    fixed: [
      ['Deputy City Manager', EXEC],
      ['Deputy City Manager', EXEC],
      ['Deputy City Manager', EXEC],
    ],
    staff: 2,
    mix: [
      ['Assistant to the City Manager', PROF],
      ['Senior Policy Analyst', PROF],
      ['Executive Assistant', ADMIN],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'RASE',
    name: 'Office of Race and Social Equity',
    head: ['Chief Race and Social Equity Officer', EXEC],
    reportsTo: 'city-manager',
    fixed: [
      ['Race and Social Equity Analyst', PROF],
      ['Community Engagement Specialist', PROF],
      ['Equity Training Coordinator', PROF],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'OMB',
    name: 'Office of Management and Budget',
    head: ['Director of Management and Budget', EXEC],
    staff: 4,
    mix: [
      ['Budget and Management Analyst II', PROF, 3],
      ['Senior Budget and Management Analyst', PROF, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'OPA',
    name: 'Office of Performance Analytics',
    head: ['Director of Performance Analytics', EXEC],
    staff: 2,
    mix: [
      ['Performance Analyst', PROF, 2],
      ['Data Scientist', PROF, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'COMMS',
    name: 'Office of Communications and Public Engagement',
    head: ['Director of Communications and Public Engagement', EXEC],
    staff: 4,
    mix: [
      ['Communications Officer', PROF, 2],
      ['Digital Content Specialist', PROF, 1],
      ['Video Producer', TECH, 1],
      ['Language Access Coordinator', PROF, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'OIA',
    name: 'Office of Internal Audit',
    head: ['Director of Internal Audit', EXEC],
    fixed: [['Senior Internal Auditor', PROF]],
    locations: [CITY_HALL],
  },
  {
    code: 'OHR',
    name: 'Office of Human Rights',
    head: ['Director of Human Rights', EXEC],
    staff: 3,
    mix: [
      ['Human Rights Investigator', PROF, 2],
      ['ADA Compliance Specialist', PROF, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'ATTY',
    name: "City Attorney's Office",
    head: ['City Attorney', EXEC],
    reportsTo: 'none',
    staff: 4,
    mix: [
      ['Assistant City Attorney II', PROF, 3],
      ['Paralegal', TECH, 1],
      ['Legal Secretary', ADMIN, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'CLERK',
    name: 'City Clerk and Clerk of Council',
    head: ['City Clerk and Clerk of Council', EXEC],
    reportsTo: 'none',
    fixed: [
      ['Deputy City Clerk', PROF],
      ['Council Office Assistant', ADMIN],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'FIN',
    name: 'Finance',
    head: ['Director of Finance', EXEC],
    fixed: [['Administrative Officer', ADMIN]],
    locations: [CITY_HALL],
    units: [
      {
        code: 'FIN-ACCT',
        name: 'Accounting',
        head: ['Comptroller', MGMT],
        staff: 3,
        mix: [
          ['Accountant II', PROF, 3],
          ['Accounting Technician', TECH, 2],
          ['Payroll Specialist', TECH, 1],
        ],
      },
      {
        code: 'FIN-PURCH',
        name: 'Purchasing',
        head: ['Purchasing Agent', MGMT],
        staff: 3,
        mix: [
          ['Contract Specialist II', PROF, 2],
          ['Procurement Specialist', PROF, 1],
        ],
      },
      {
        code: 'FIN-REV',
        name: 'Revenue',
        head: ['Revenue Administrator', MGMT],
        staff: 4,
        mix: [
          ['Revenue Collection Specialist', TECH, 2],
          ['Tax Compliance Auditor', PROF, 1],
          ['Customer Service Representative', ADMIN, 2],
        ],
      },
      {
        code: 'FIN-TREAS',
        name: 'Treasury',
        head: ['Treasury Division Chief', MGMT],
        staff: 2,
        mix: [
          ['Investment Analyst', PROF, 1],
          ['Cashier', TECH, 1],
        ],
      },
    ],
  },
  {
    code: 'HR',
    name: 'Human Resources',
    head: ['Director of Human Resources', EXEC],
    fixed: [['Human Resources Analyst III', PROF]],
    locations: [CITY_HALL],
    units: [
      {
        code: 'HR-TAL',
        name: 'Talent Acquisition',
        head: ['Talent Acquisition Manager', MGMT],
        staff: 2,
        mix: [
          ['Human Resources Analyst II', PROF, 2],
          ['Human Resources Technician', TECH, 1],
        ],
      },
      {
        code: 'HR-BEN',
        name: 'Benefits and Wellness',
        head: ['Benefits Manager', MGMT],
        fixed: [['Benefits Specialist', PROF]],
      },
      {
        code: 'HR-LOD',
        name: 'Learning and Organizational Development',
        head: ['Learning and Development Manager', MGMT],
        fixed: [['Training Specialist', PROF]],
      },
    ],
  },
  {
    code: 'ITS',
    name: 'Information Technology Services',
    head: ['Chief Information Officer', EXEC],
    locations: [CITY_HALL],
    units: [
      {
        code: 'ITS-APP',
        name: 'Enterprise Applications',
        head: ['Enterprise Applications Manager', MGMT],
        staff: 4,
        mix: [
          ['Systems Analyst II', PROF, 2],
          ['Software Developer', PROF, 1],
          ['Database Administrator', PROF, 1],
          ['GIS Analyst', PROF, 1],
        ],
      },
      {
        code: 'ITS-INF',
        name: 'Infrastructure and Operations',
        head: ['Infrastructure Manager', MGMT],
        staff: 4,
        mix: [
          ['Network Engineer', PROF, 1],
          ['Systems Administrator', PROF, 1],
          ['IT Support Technician', TECH, 2],
          ['Telecommunications Specialist', TECH, 1],
        ],
        locations: [CITY_HALL, OPERATIONS_CENTER],
      },
      {
        code: 'ITS-SEC',
        name: 'Cybersecurity',
        head: ['Chief Information Security Officer', MGMT],
        staff: 2,
        mix: [['Information Security Analyst', PROF]],
      },
    ],
  },
  {
    code: 'TES',
    name: 'Transportation and Environmental Services',
    head: ['Director of Transportation and Environmental Services', EXEC],
    fixed: [
      ['Management Analyst II', PROF],
      ['Administrative Officer', ADMIN],
    ],
    locations: [CITY_HALL],
    units: [
      {
        code: 'TES-TRAN',
        name: 'Transportation Planning',
        head: ['Transportation Planning Division Chief', MGMT],
        staff: 4,
        mix: [
          ['Transportation Planner III', PROF, 1],
          ['Transportation Planner II', PROF, 2],
          ['Mobility Program Coordinator', PROF, 1],
        ],
      },
      {
        code: 'TES-TENG',
        name: 'Transportation Engineering',
        head: ['City Traffic Engineer', MGMT],
        staff: 4,
        mix: [
          ['Civil Engineer III', PROF, 2],
          ['Traffic Signal Technician', TECH, 2],
          ['Engineering Aide', TECH, 1],
        ],
        locations: [CITY_HALL, FIELD],
      },
      {
        code: 'TES-OPS',
        name: 'Operations',
        head: ['Operations Division Chief', MGMT],
        fixed: [['Operations Manager', MGMT]],
        locations: [OPERATIONS_CENTER],
        units: [
          {
            code: 'TES-OPS-STREETS',
            name: 'Street and Sidewalk Maintenance',
            head: ['Street Maintenance Superintendent', MGMT],
            staff: 10,
            mix: [
              ['Maintenance Worker', TRADES, 4],
              ['Equipment Operator II', TRADES, 3],
              ['Concrete Finisher', TRADES, 1],
              ['Sign Fabricator', TRADES, 1],
            ],
            supervisor: ['Crew Supervisor', TRADES],
            locations: [OPERATIONS_CENTER, FIELD],
          },
          {
            code: 'TES-OPS-SEWER',
            name: 'Sewer Maintenance',
            head: ['Sewer Maintenance Superintendent', MGMT],
            staff: 6,
            mix: [
              ['Maintenance Worker', TRADES, 3],
              ['Utility Technician', TRADES, 2],
              ['Equipment Operator II', TRADES, 1],
            ],
            locations: [OPERATIONS_CENTER, FIELD],
          },
        ],
      },
      {
        code: 'TES-RR',
        name: 'Resource Recovery',
        head: ['Resource Recovery Division Chief', MGMT],
        staff: 8,
        mix: [
          ['Solid Waste Collector', TRADES, 3],
          ['Refuse Truck Driver', TRADES, 2],
          ['Recycling Program Coordinator', PROF, 1],
          ['Environmental Specialist I', PROF, 1],
        ],
        locations: [OPERATIONS_CENTER, FIELD],
      },
      {
        code: 'TES-SWM',
        name: 'Stormwater Management',
        head: ['Stormwater Management Division Chief', MGMT],
        staff: 3,
        mix: [
          ['Civil Engineer II', PROF, 1],
          ['Environmental Specialist II', PROF, 1],
          ['Stormwater Inspector', TECH, 1],
        ],
        locations: [CITY_HALL, FIELD],
      },
    ],
  },
  {
    code: 'DPI',
    name: 'Project Implementation',
    head: ['Director of Project Implementation', EXEC],
    staff: 5,
    mix: [
      ['Civil Engineer IV', PROF, 2],
      ['Construction Project Manager', PROF, 2],
      ['Construction Inspector', TECH, 1],
    ],
    locations: [CITY_HALL, FIELD],
  },
  {
    code: 'GS',
    name: 'General Services',
    head: ['Director of General Services', EXEC],
    locations: [CITY_HALL],
    units: [
      {
        code: 'GS-FAC',
        name: 'Facilities Management',
        head: ['Facilities Management Division Chief', MGMT],
        staff: 8,
        mix: [
          ['Building Engineer', TRADES, 1],
          ['HVAC Mechanic', TRADES, 1],
          ['Electrician', TRADES, 1],
          ['Facilities Maintenance Technician', TRADES, 2],
          ['Custodian', SERVICE, 3],
        ],
        locations: [CITY_HALL, COURTHOUSE, OPERATIONS_CENTER],
      },
      {
        code: 'GS-FLEET',
        name: 'Fleet Services',
        head: ['Fleet Services Division Chief', MGMT],
        staff: 5,
        mix: [
          ['Automotive Mechanic II', TRADES, 3],
          ['Fleet Parts Specialist', TECH, 1],
          ['Fleet Services Coordinator', ADMIN, 1],
        ],
        locations: ['Fleet Services Garage'],
      },
    ],
  },
  {
    code: 'RPCA',
    name: 'Recreation, Parks and Cultural Activities',
    head: ['Director of Recreation, Parks and Cultural Activities', EXEC],
    fixed: [['Administrative Officer', ADMIN]],
    locations: [CITY_HALL],
    units: [
      {
        code: 'RPCA-REC',
        name: 'Recreation Services',
        head: ['Recreation Services Division Chief', MGMT],
        staff: 14,
        mix: [
          ['Recreation Leader II', SERVICE, 5],
          ['Recreation Specialist', SERVICE, 3],
          ['Lifeguard', SERVICE, 2],
          ['Youth Program Coordinator', PROF, 2],
          ['Therapeutic Recreation Specialist', PROF, 1],
        ],
        supervisor: ['Recreation Center Manager', MGMT],
        locations: RECREATION_CENTERS,
      },
      {
        code: 'RPCA-PARKS',
        name: 'Park Operations',
        head: ['Park Operations Division Chief', MGMT],
        staff: 12,
        mix: [
          ['Park Maintenance Worker', TRADES, 5],
          ['Arborist', TRADES, 2],
          ['Horticulturist', PROF, 1],
          ['Equipment Operator I', TRADES, 2],
        ],
        supervisor: ['Park Maintenance Supervisor', TRADES],
        locations: ['Park Operations Yard', FIELD],
      },
      {
        code: 'RPCA-PLAN',
        name: 'Park Planning, Design and Capital Development',
        head: ['Park Planning Division Chief', MGMT],
        staff: 2,
        mix: [
          ['Park Planner', PROF, 1],
          ['Landscape Architect', PROF, 1],
        ],
      },
      {
        code: 'RPCA-ARTS',
        name: 'Office of the Arts',
        head: ['Director, Office of the Arts', MGMT],
        fixed: [
          ['Public Art Coordinator', PROF],
          ['Arts Program Specialist', PROF],
        ],
        locations: ['Torpedo Factory Art Center'],
      },
    ],
  },
  {
    code: 'OHA',
    name: 'Office of Historic Alexandria',
    head: ['Director of Historic Alexandria', EXEC],
    staff: 5,
    mix: [
      ['Curator', PROF, 1],
      ['Historian', PROF, 1],
      ['Archaeologist', PROF, 1],
      ['Museum Program Specialist', SERVICE, 2],
    ],
    locations: ['The Lyceum', "Gadsby's Tavern Museum", 'Alexandria Black History Museum', 'Alexandria Archaeology Museum'],
  },
  {
    code: 'LIB',
    name: 'Library',
    head: ['Library Director', EXEC],
    locations: LIBRARIES,
    units: [
      {
        code: 'LIB-BR',
        name: 'Branch Services',
        head: ['Branch Services Manager', MGMT],
        staff: 7,
        mix: [
          ['Librarian II', PROF, 2],
          ['Library Associate', TECH, 3],
          ['Library Assistant', SERVICE, 2],
        ],
      },
      {
        code: 'LIB-LH',
        name: 'Local History and Special Collections',
        head: ['Local History Manager', MGMT],
        fixed: [
          ['Archivist', PROF],
          ['Librarian I', PROF],
        ],
        locations: ['Barrett Branch Library'],
      },
    ],
  },
  {
    code: 'DCHS',
    name: 'Community and Human Services',
    head: ['Director of Community and Human Services', EXEC],
    fixed: [['Management Analyst II', PROF]],
    locations: [HUMAN_SERVICES],
    units: [
      {
        code: 'DCHS-CFS',
        name: 'Children and Family Services',
        head: ['Children and Family Services Division Director', MGMT],
        staff: 10,
        mix: [
          ['Family Services Specialist II', PROF, 4],
          ['Child Protective Services Specialist', PROF, 3],
          ['Foster Care Specialist', PROF, 2],
          ['Human Services Aide', ADMIN, 1],
        ],
        supervisor: ['Family Services Supervisor', MGMT],
      },
      {
        code: 'DCHS-BH',
        name: 'Behavioral Health Services',
        head: ['Behavioral Health Division Director', MGMT],
        staff: 12,
        mix: [
          ['Therapist II', PROF, 4],
          ['Case Manager', PROF, 3],
          ['Peer Recovery Specialist', SERVICE, 2],
          ['Licensed Clinical Social Worker', PROF, 2],
          ['Psychiatric Nurse Practitioner', PROF, 1],
        ],
        supervisor: ['Clinical Supervisor', MGMT],
      },
      {
        code: 'DCHS-ECON',
        name: 'Economic Support and Employment Services',
        head: ['Economic Support Division Director', MGMT],
        staff: 8,
        mix: [
          ['Benefit Programs Specialist II', PROF, 4],
          ['Employment Specialist', PROF, 2],
          ['Customer Service Representative', ADMIN, 1],
        ],
      },
      {
        code: 'DCHS-AAS',
        name: 'Aging and Adult Services',
        head: ['Aging and Adult Services Division Director', MGMT],
        staff: 5,
        mix: [
          ['Adult Protective Services Social Worker', PROF, 2],
          ['Senior Services Coordinator', PROF, 1],
          ['Home Care Aide', SERVICE, 2],
        ],
      },
    ],
  },
  {
    code: 'OOH',
    name: 'Office of Housing',
    head: ['Director of Housing', EXEC],
    staff: 5,
    mix: [
      ['Housing Analyst', PROF, 2],
      ['Housing Program Manager', MGMT, 1],
      ['Landlord-Tenant Relations Specialist', PROF, 1],
      ['Administrative Assistant', ADMIN, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'AHD',
    name: 'Health Department',
    head: ['Health Director', EXEC],
    reportsTo: 'none',
    staff: 7,
    mix: [
      ['Public Health Nurse II', PROF, 3],
      ['Epidemiologist', PROF, 1],
      ['Environmental Health Specialist', TECH, 2],
      ['Community Health Worker', SERVICE, 1],
    ],
    locations: ['Health Department Clinic'],
  },
  {
    code: 'PZ',
    name: 'Planning and Zoning',
    head: ['Director of Planning and Zoning', EXEC],
    locations: [CITY_HALL],
    units: [
      {
        code: 'PZ-NP',
        name: 'Neighborhood Planning and Community Development',
        head: ['Neighborhood Planning Division Chief', MGMT],
        staff: 2,
        mix: [
          ['Urban Planner III', PROF, 1],
          ['Urban Planner II', PROF, 1],
        ],
      },
      {
        code: 'PZ-DEV',
        name: 'Development',
        head: ['Development Division Chief', MGMT],
        staff: 3,
        mix: [
          ['Urban Planner II', PROF, 2],
          ['Urban Designer', PROF, 1],
        ],
      },
      {
        code: 'PZ-ZON',
        name: 'Zoning and Land Use Services',
        head: ['Zoning Administrator', MGMT],
        staff: 3,
        mix: [
          ['Zoning Inspector', TECH, 2],
          ['Planning Technician', TECH, 1],
        ],
      },
    ],
  },
  {
    code: 'CODE',
    name: 'Code Administration',
    head: ['Director of Code Administration', EXEC],
    locations: [CITY_HALL],
    units: [
      {
        code: 'CODE-PERMIT',
        name: 'Permit Center',
        head: ['Permit Center Manager', MGMT],
        staff: 3,
        mix: [
          ['Permit Technician', TECH, 2],
          ['Plans Examiner', PROF, 1],
        ],
      },
      {
        code: 'CODE-INSP',
        name: 'Inspections',
        head: ['Chief Building Inspector', MGMT],
        staff: 5,
        mix: [
          ['Building Inspector II', TECH, 2],
          ['Property Maintenance Inspector', TECH, 2],
          ['Electrical Inspector', TECH, 1],
        ],
        locations: [CITY_HALL, FIELD],
      },
    ],
  },
  {
    code: 'REA',
    name: 'Real Estate Assessments',
    head: ['Director of Real Estate Assessments', EXEC],
    staff: 4,
    mix: [
      ['Real Estate Appraiser II', PROF, 3],
      ['Assessment Technician', TECH, 1],
    ],
    locations: [CITY_HALL],
  },
  {
    code: 'OVR',
    name: 'Voter Registration and Elections',
    head: ['General Registrar and Director of Elections', EXEC],
    reportsTo: 'none',
    fixed: [
      ['Deputy Registrar', PROF],
      ['Elections Administrator', PROF],
      ['Voter Registration Assistant', ADMIN],
    ],
    locations: ['Voter Registration Office'],
  },
  {
    code: 'CCT',
    name: 'Clerk of the Circuit Court',
    head: ['Clerk of the Circuit Court', EXEC],
    reportsTo: 'none',
    staff: 5,
    mix: [
      ['Deputy Clerk II', ADMIN, 3],
      ['Court Records Specialist', TECH, 1],
      ['Jury Administrator', ADMIN, 1],
    ],
    locations: [COURTHOUSE],
  },
  {
    code: 'DECC',
    name: 'Emergency and Customer Communications',
    head: ['Director of Emergency and Customer Communications', EXEC],
    locations: ['Emergency Communications Center'],
    units: [
      {
        code: 'DECC-911',
        name: 'Emergency Communications',
        head: ['Emergency Communications Operations Manager', MGMT],
        staff: 11,
        mix: [
          ['Public Safety Telecommunicator II', TECH, 7],
          ['Public Safety Telecommunicator I', TECH, 3],
        ],
        supervisor: ['Emergency Communications Supervisor', MGMT],
      },
      {
        code: 'DECC-311',
        name: 'Customer Contact Center',
        head: ['Customer Contact Center Manager', MGMT],
        staff: 3,
        mix: [
          ['Customer Service Representative', ADMIN, 2],
          ['Customer Service Specialist', ADMIN, 1],
        ],
        locations: [CITY_HALL],
      },
    ],
  },
  {
    code: 'APD',
    name: 'Police',
    head: ['Chief of Police', EXEC],
    fixed: [
      ['Public Information Officer', PROF],
      ['Executive Assistant', ADMIN],
    ],
    locations: ['Police Headquarters'],
    units: [
      {
        code: 'APD-PATROL',
        name: 'Patrol Operations Bureau',
        head: ['Deputy Chief of Police', SWORN],
        staff: 34,
        mix: [
          ['Police Officer I', SWORN, 8],
          ['Police Officer II', SWORN, 10],
          ['Senior Police Officer', SWORN, 5],
          ['Police Corporal', SWORN, 3],
          ['Parking Enforcement Officer', TECH, 2],
        ],
        supervisor: ['Police Sergeant', SWORN],
        locations: ['Police Headquarters', FIELD],
      },
      {
        code: 'APD-INV',
        name: 'Investigations Bureau',
        head: ['Police Captain', SWORN],
        staff: 10,
        mix: [
          ['Police Detective', SWORN, 6],
          ['Crime Scene Investigator', TECH, 2],
          ['Crime Analyst', PROF, 1],
          ['Victim Services Specialist', PROF, 1],
        ],
        supervisor: ['Police Sergeant', SWORN],
      },
      {
        code: 'APD-SUP',
        name: 'Support Services Bureau',
        head: ['Support Services Bureau Commander', SWORN],
        staff: 8,
        mix: [
          ['Police Records Specialist', ADMIN, 3],
          ['Property and Evidence Technician', TECH, 2],
          ['Police Training Instructor', SWORN, 1],
          ['Management Analyst II', PROF, 1],
        ],
      },
    ],
  },
  {
    code: 'AFD',
    name: 'Fire',
    head: ['Fire Chief', EXEC],
    fixed: [['Administrative Officer', ADMIN]],
    locations: ['Fire Department Headquarters'],
    units: [
      {
        code: 'AFD-OPS',
        name: 'Fire and EMS Operations',
        head: ['Deputy Fire Chief', FIRE],
        staff: 36,
        mix: [
          ['Firefighter', FIRE, 10],
          ['Firefighter/Medic', FIRE, 8],
          ['Fire Apparatus Operator', FIRE, 5],
          ['Fire Lieutenant', FIRE, 3],
        ],
        supervisor: ['Fire Captain', FIRE],
        locations: FIRE_STATIONS,
      },
      {
        code: 'AFD-FMO',
        name: "Fire Marshal's Office",
        head: ['Fire Marshal', FIRE],
        staff: 4,
        mix: [
          ['Deputy Fire Marshal', FIRE, 1],
          ['Fire Protection Inspector', TECH, 2],
        ],
      },
      {
        code: 'AFD-OEM',
        name: 'Office of Emergency Management',
        head: ['Emergency Management Coordinator', MGMT],
        fixed: [
          ['Emergency Management Planner', PROF],
          ['Emergency Management Planner', PROF],
        ],
      },
    ],
  },
  {
    code: 'SHER',
    name: "Sheriff's Office",
    head: ['Sheriff', EXEC],
    reportsTo: 'none',
    fixed: [['Administrative Officer', ADMIN]],
    locations: ['Adult Detention Center'],
    units: [
      {
        code: 'SHER-ADC',
        name: 'Detention Center Operations',
        head: ['Detention Center Commander', SWORN],
        staff: 16,
        mix: [
          ['Deputy Sheriff I', SWORN, 6],
          ['Deputy Sheriff II', SWORN, 6],
          ['Inmate Classification Specialist', PROF, 1],
          ['Licensed Practical Nurse', TECH, 1],
          ['Inmate Programs Coordinator', PROF, 1],
        ],
        supervisor: ['Deputy Sheriff Sergeant', SWORN],
      },
      {
        code: 'SHER-JUD',
        name: 'Judicial and Court Services',
        head: ['Judicial Services Commander', SWORN],
        staff: 5,
        mix: [
          ['Deputy Sheriff II', SWORN, 4],
          ['Civil Process Deputy', SWORN, 1],
        ],
        locations: [COURTHOUSE],
      },
    ],
  },
];
