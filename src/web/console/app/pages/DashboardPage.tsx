/** Dashboard: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function DashboardPage(_props: { me: Me }) {
  return <ComingNext title="Dashboard" />;
}
