/** Services: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function ServicesPage(_props: { me: Me }) {
  return <ComingNext title="Services" />;
}
