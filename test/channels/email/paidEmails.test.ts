/**
 * Emails about money: a paid booking's confirmation states the payment, a cancellation the refund
 * its transaction made, and a lapsed hold says the time is free again. The app runs against the
 * local fake Stripe and a real SMTP server (smtp-server).
 */
import { type FakeSmtp, type ReceivedMail, startSmtpServer } from "../../fakes/smtpServer";
import { type PaymentsServer, startPaymentsServer } from "../../support/paymentsServer";

let smtp: FakeSmtp;
let server: PaymentsServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startPaymentsServer({ env: { SMTP_URL: smtp.url, EMAIL_FROM: "bookings@slotline.test" } });
});

afterAll(async () => {
  await server.close();
  await smtp.close();
});

async function mailTo(address: string, count: number): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 5000;
  const of = () => smtp.received.filter((m) => m.envelope.to.includes(address));
  while (of().length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} email(s) to ${address}: ${of().map((m) => m.subject).join(" | ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return of();
}

it("confirms a paid booking with the amount paid, and its cancellation with the refund", async () => {
  const phone = "+14155557001";
  await server.text(phone, "my email is pat@example.org");
  const hold = await server.holdByText(phone, "colour tomorrow at 10am");
  // Held for payment: no confirmation yet.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(smtp.received.filter((m) => m.envelope.to.includes("pat@example.org"))).toHaveLength(0);

  await server.pay(hold);
  const [confirmation] = await mailTo("pat@example.org", 1);
  expect(confirmation!.subject).toBe("Confirmed: Colour treatment, Tue 3 Mar, 10:00");
  expect(confirmation!.text).toContain("Payment received: $120.00. Thank you.");
  expect(confirmation!.calendarMethod).toBe("REQUEST");

  const [booking] = await server.bookings({ phone });
  expect((await server.admin.post(`/admin/bookings/${booking!.id}/cancel`, {})).status).toBe(200);
  const [, cancellation] = await mailTo("pat@example.org", 2);
  expect(cancellation!.subject).toBe("Cancelled: Colour treatment, Tue 3 Mar, 10:00");
  expect(cancellation!.text).toContain("$120.00 is on its way back to you.");
  expect(cancellation!.calendarMethod).toBe("CANCEL");
});

it("tells a customer whose hold lapsed that the time is free again, without a calendar part", async () => {
  const phone = "+14155557002";
  await server.text(phone, "my email is quinn@example.org");
  await server.holdByText(phone, "colour tomorrow at 2pm");
  await server.runJobsAfterHold(phone);
  const [lapsed] = await mailTo("quinn@example.org", 1);
  expect(lapsed!.subject).toBe("Not booked: Colour treatment, Tue 3 Mar, 14:00");
  expect(lapsed!.text).toContain("did not come through in time, so the time is free again");
  expect(lapsed!.calendar).toBeUndefined();
});
