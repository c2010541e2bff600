/** Staff & hours: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function StaffPage(_props: { me: Me }) {
  return <ComingNext title="Staff & hours" />;
}
