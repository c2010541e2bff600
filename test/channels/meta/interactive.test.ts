import { whatsappContent } from "../../../src/channels/meta/interactive";

describe("a reply as WhatsApp content", () => {
  it("sends up to three choices as reply buttons whose ids are the numbers", () => {
    expect(whatsappContent("Which one do you mean?\n1) Haircut\n2) Hair implant")).toEqual({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Which one do you mean?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "1", title: "Haircut" } },
            { type: "reply", reply: { id: "2", title: "Hair implant" } },
          ],
        },
      },
    });
  });

  it("keeps the lines after the choices in the message body", () => {
    const content = whatsappContent("That time is taken. Nearest free:\n1) Tue 3 Mar, 10:00\n2) Tue 3 Mar, 11:00\nOr text another day.");
    expect(content).toEqual(expect.objectContaining({ type: "interactive" }));
    expect((content as { interactive: { body: { text: string } } }).interactive.body.text).toBe("That time is taken. Nearest free:\nOr text another day.");
  });

  it("sends four to ten choices as a list, long labels shortened with the whole label as description", () => {
    const labels = ["Haircut", "Colour treatment", "Hair implant", "Scalp physio", "Styling lessons with a senior stylist on Saturdays"];
    const content = whatsappContent(`What would you like to book?\n${labels.map((l, i) => `${i + 1}) ${l}`).join("\n")}`);
    expect(content).toEqual({
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: "What would you like to book?" },
        action: {
          button: "Choose",
          sections: [
            {
              rows: [
                { id: "1", title: "Haircut" },
                { id: "2", title: "Colour treatment" },
                { id: "3", title: "Hair implant" },
                { id: "4", title: "Scalp physio" },
                { id: "5", title: "Styling lessons with a…", description: "Styling lessons with a senior stylist on Saturdays" },
              ],
            },
          ],
        },
      },
    });
  });

  it("shortens a title before an emoji rather than through it", () => {
    const labels = ["Haircut", "Colour treatment", "Hair implant", "Signature Scalp Ritual💆 Extended Edition"];
    const content = whatsappContent(`What would you like to book?\n${labels.map((l, i) => `${i + 1}) ${l}`).join("\n")}`);
    const rows = (content as { interactive: { action: { sections: { rows: { title: string; description?: string }[] }[] } } }).interactive.action.sections[0]!.rows;
    expect(rows[3]).toEqual({ id: "4", title: "Signature Scalp Ritual…", description: "Signature Scalp Ritual💆 Extended Edition" });
    type Buttons = { interactive: { action: { buttons: { reply: { title: string } }[] } } };
    const family = whatsappContent("Which one do you mean?\n1) Haircut\n2) Family session 👨‍👩‍👧‍👦 at home") as Buttons;
    expect(family.interactive.action.buttons[1]!.reply.title).toBe("Family session…");
    const flag = whatsappContent("Which one do you mean?\n1) Haircut\n2) Grand Paris tour 🇫🇷 at night") as Buttons;
    expect(flag.interactive.action.buttons[1]!.reply.title).toBe("Grand Paris tour…");
  });

  it("puts choices whose shortened button titles would collide in a list instead", () => {
    const content = whatsappContent("Pick one:\n1) Deep tissue massage 60 min\n2) Deep tissue massage 90 min");
    expect((content as { interactive: { type: string } }).interactive.type).toBe("list");
  });

  it("turns a yes/no question into Yes and No buttons", () => {
    expect(whatsappContent("Haircut: Tue 3 Mar, 15:00 with Alex, $35.00. Book it? (yes/no)")).toEqual({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Haircut: Tue 3 Mar, 15:00 with Alex, $35.00. Book it?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "yes", title: "Yes" } },
            { type: "reply", reply: { id: "no", title: "No" } },
          ],
        },
      },
    });
  });

  it("keeps more than ten choices, and plain replies, as text (with link previews for a payment link)", () => {
    const many = `Times:\n${Array.from({ length: 11 }, (_, i) => `${i + 1}) Slot ${i + 1}`).join("\n")}`;
    expect(whatsappContent(many)).toEqual({ type: "text", text: { body: many, preview_url: false } });
    expect(whatsappContent("Booked: Haircut, Tue 3 Mar, 15:00.")).toEqual({ type: "text", text: { body: "Booked: Haircut, Tue 3 Mar, 15:00.", preview_url: false } });
    expect(whatsappContent("Pay here:\nhttps://checkout.stripe.com/c/pay/cs_test_1")).toEqual(expect.objectContaining({ text: expect.objectContaining({ preview_url: true }) }));
  });

  it("reads only a run numbered from 1 without gaps as choices", () => {
    expect(whatsappContent("Your bookings:\n2) Haircut")).toEqual(expect.objectContaining({ type: "text" }));
    const content = whatsappContent("Pick:\n1) A\n2) B\n4) D");
    expect((content as { interactive: { action: { buttons: unknown[] } } }).interactive.action.buttons).toHaveLength(2);
  });
});
