"""Access: who may see what (roles from the register), and the tamper-evident audit trail of every look."""
