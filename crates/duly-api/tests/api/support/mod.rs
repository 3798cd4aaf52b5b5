pub mod dovecot;
pub mod overdue;
pub mod smtp;
pub mod studio;
