/** Plans: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function PlansPage(_props: { me: Me }) {
  return <ComingNext title="Plans" />;
}
