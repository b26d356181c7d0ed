/** RFC 9457 problem details, the body of every error the api returns. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level messages: which input was wrong and why. */
  errors?: { field: string; message: string }[];
}
