// The kinds of group a room can be bound as, and the roles a sender can have in a message.

export type RoomKind = 'resident' | 'duty' | 'leaders';
/** A sender's role: bound (staff, leader, admin), the bot itself, or anyone else (resident). */
export type PersonRole = 'resident' | 'staff' | 'leader' | 'admin' | 'bot';
