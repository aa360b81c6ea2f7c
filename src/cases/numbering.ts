/** （2026）北洲调字第12号: the committee's series for the year; numbers are never reused or skipped. */
export function formatCaseNumber(year: number, prefix: string, seq: number): string {
  return `（${year}）${prefix}调字第${seq}号`;
}
