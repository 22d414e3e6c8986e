import type { SourceName } from './dashboard-definition';
import { admissionsSource } from './admissions-source';
import { attendanceSource } from './attendance-source';
import type { DashboardSource } from './dashboard-source';
import { gradesSource } from './grades-source';
import { studentsAtRiskSource } from './students-at-risk-source';

/** Every source a definition's queries may name: the one place TypeScript meets the definitions. */
export const DASHBOARD_SOURCES: Record<SourceName, DashboardSource> = {
  attendance: attendanceSource,
  admissions: admissionsSource,
  grades: gradesSource,
  students_at_risk: studentsAtRiskSource,
};
