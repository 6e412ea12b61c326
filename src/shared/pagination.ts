import { z } from 'zod';

/** `?page=1&pageSize=25` on every list; bounded so nobody can ask for the whole table at once. */
export const PaginationSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export function skipOf(page: { page: number; pageSize: number }): number {
  return (page.page - 1) * page.pageSize;
}
