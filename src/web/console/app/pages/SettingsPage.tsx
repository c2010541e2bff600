/** Settings: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function SettingsPage(_props: { me: Me }) {
  return <ComingNext title="Settings" />;
}
