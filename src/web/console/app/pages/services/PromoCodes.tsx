/** Promo codes (owners only): the list with each code's use, a form for a new one, and switching a code off and on. */
import { useEffect, useState } from "preact/hooks";
import { api, useSubmit } from "../../api";
import { Field } from "../Field";
import type { PromoCode } from "./types";
import { errorAt } from "./wording";

export function PromoCodes() {
  const [codes, setCodes] = useState<PromoCode[]>();
  const [loadError, setLoadError] = useState<string>();
  const [code, setCode] = useState("");
  const [percentOff, setPercentOff] = useState("");
  const [maxUses, setMaxUses] = useState("");
  const [notice, setNotice] = useState<string>();
  const [switching, setSwitching] = useState<string>();
  const [switchError, setSwitchError] = useState<string>();

  useEffect(() => {
    api<{ items: PromoCode[] }>("GET", "/admin/promo-codes")
      .then((r) => setCodes(r.items))
      .catch((e: Error) => setLoadError(e.message));
  }, []);

  const asNumber = (t: string) => (t.trim() === "" || !Number.isFinite(Number(t)) ? null : Number(t));
  const { submit, busy, error } = useSubmit(async () => {
    const created = await api<PromoCode>("POST", "/admin/promo-codes", { code: code.trim(), percentOff: asNumber(percentOff), maxUses: asNumber(maxUses) });
    setCodes((all) => [...(all ?? []), created]);
    setNotice(`Added ${created.code}.`);
    setCode("");
    setPercentOff("");
    setMaxUses("");
  });

  async function toggle(promo: PromoCode) {
    setSwitching(promo.id);
    setSwitchError(undefined);
    try {
      const changed = await api<PromoCode>("PATCH", `/admin/promo-codes/${promo.id}`, { active: !promo.active });
      setCodes((all) => all?.map((p) => (p.id === changed.id ? changed : p)));
      setNotice(`${changed.code} ${changed.active ? "reactivated" : "deactivated"}.`);
    } catch (e) {
      setSwitchError(e instanceof Error ? e.message : String(e));
    } finally {
      setSwitching(undefined);
    }
  }

  return (
    <section class="promo-codes" aria-labelledby="promo-title">
      <h2 id="promo-title">Promo codes</h2>
      {loadError && <p role="alert" class="alert">{loadError}</p>}
      {switchError && <p role="alert" class="alert">{switchError}</p>}
      <p role="status" class="done">{notice}</p>
      {codes && codes.length === 0 && <p>No promo codes yet.</p>}
      {codes && codes.length > 0 && (
        <ul class="promo-list">
          {codes.map((p) => (
            <li key={p.id} class={p.active ? undefined : "inactive"}>
              <span class="promo-code">{p.code}</span>
              <span>{p.percentOff}% off</span>
              <span>used {p.usedCount} of {p.maxUses}</span>
              {p.expiresAt && <span>until {p.expiresAt.slice(0, 10)}</span>}
              <span class={`badge ${p.active ? "on" : "off"}`}>{p.active ? "Active" : "Inactive"}</span>
              <button type="button" disabled={switching === p.id} onClick={() => toggle(p)}>
                {p.active ? "Deactivate" : "Reactivate"}<span class="visually-hidden"> {p.code}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="promo-form" onSubmit={submit} noValidate>
        <h3>New promo code</h3>
        {error && error.errors.length === 0 && <p role="alert" class="alert">{error.message}</p>}
        <div class="field-row">
          <Field id="promo-code" label="Code" hint="3–40 letters, digits, - or _" value={code} error={errorAt(error, "code")} onInput={(e) => setCode(e.currentTarget.value)} />
          <Field id="promo-percent" label="Percent off" type="number" inputMode="numeric" value={percentOff} error={errorAt(error, "percentOff")} onInput={(e) => setPercentOff(e.currentTarget.value)} />
          <Field id="promo-max-uses" label="Uses allowed" type="number" inputMode="numeric" value={maxUses} error={errorAt(error, "maxUses")} onInput={(e) => setMaxUses(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={busy}>{busy ? "Adding…" : "Add promo code"}</button>
      </form>
    </section>
  );
}
