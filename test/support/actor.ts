/** Who the tests act as when they drive the booking core directly: an API caller named "test". */
import type { Actor } from "../../src/booking/actor";

export const BY_TEST: Actor = { kind: "api", name: "test" };
