import { daysLate, type Range } from "./rules.js";

/**
 * Overdue work orders by department (pure). A work order is a grid report sent to a department:
 * overdue while still dispatched after its due date (today is the Beijing date; on the due day it
 * is not yet late), answered late when replied after it.
 */
export interface WorkOrderRow {
  id: number;
  departmentId: number;
  department: string;
  status: string;
  dueOn: string | null;
  doneOn: string | null;
}

export interface DepartmentOverdue {
  departmentId: number;
  department: string;
  /** Overdue now. */
  overdue: number;
  /** Days late of the oldest overdue order (null with none). */
  oldestDaysLate: number | null;
  oldestDueOn: string | null;
  /** Mean days late over the overdue orders, one decimal (null with none). */
  averageDaysLate: number | null;
  /** Replied in the period after their due date, of `answered` replied in the period. */
  answeredLate: number;
  answered: number;
}

export function overdueByDepartment(
  rows: readonly WorkOrderRow[],
  range: Range,
  today: string,
): DepartmentOverdue[] {
  const byDept = new Map<number, DepartmentOverdue & { lateDays: number }>();
  for (const r of rows) {
    const d = byDept.get(r.departmentId) ?? {
      departmentId: r.departmentId,
      department: r.department,
      overdue: 0,
      oldestDaysLate: null,
      oldestDueOn: null,
      averageDaysLate: null,
      answeredLate: 0,
      answered: 0,
      lateDays: 0,
    };
    if (r.status === "dispatched" && r.dueOn && r.dueOn < today) {
      const late = daysLate(r.dueOn, today);
      d.overdue += 1;
      d.lateDays += late;
      if (d.oldestDaysLate === null || late > d.oldestDaysLate) {
        d.oldestDaysLate = late;
        d.oldestDueOn = r.dueOn;
      }
    }
    if (r.doneOn && r.doneOn >= range.from && r.doneOn <= range.to) {
      d.answered += 1;
      if (r.dueOn && r.doneOn > r.dueOn) d.answeredLate += 1;
    }
    byDept.set(r.departmentId, d);
  }
  return [...byDept.values()]
    .map(({ lateDays, ...d }) => ({
      ...d,
      averageDaysLate: d.overdue ? Math.round((lateDays / d.overdue) * 10) / 10 : null,
    }))
    .filter((d) => d.overdue > 0 || d.answered > 0)
    .sort(
      (a, b) =>
        b.overdue - a.overdue || b.answeredLate - a.answeredLate || a.department.localeCompare(b.department),
    );
}
