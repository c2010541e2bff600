/** The business, its services and staff: what the booking pages name things by. */
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import type { Business, Service, StaffMember } from "../../types";

export interface Setup {
  business: Business;
  services: Service[];
  staff: StaffMember[];
  serviceName(id: string): string;
  staffName(id: string): string;
}

export function useSetup(): { setup?: Setup; error?: string } {
  const [setup, setSetup] = useState<Setup>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    Promise.all([api<Business>("GET", "/admin/business"), api<{ items: Service[] }>("GET", "/admin/services"), api<{ items: StaffMember[] }>("GET", "/admin/staff")])
      .then(([business, services, staff]) =>
        setSetup({
          business,
          services: services.items,
          staff: staff.items,
          serviceName: (id) => services.items.find((s) => s.id === id)?.name ?? "Service",
          staffName: (id) => staff.items.find((s) => s.id === id)?.name ?? "Staff",
        }),
      )
      .catch((e: Error) => setError(e.message));
  }, []);
  return { setup, error };
}
